"""OpenAI-compatible generation routes on the engine's aiohttp app (vLLM-compatible extension fields).

    POST /v1/chat/completions    chat, tools, streaming (SSE) or not
    POST /v1/completions         text or token-id prompts (a list of prompts is a batch)
    GET  /v1/models

Extensions, request: ``return_token_ids``, ``top_k``, ``seed``, ``stop_token_ids``, ``include_stop_str_in_output``,
``ignore_eos``, ``chat_template_kwargs`` (``enable_thinking``), ``add_generation_prompt``, ``continue_final_message``,
``thinking_budget``, ``thinking_grace_tokens``, ``return_routed_experts``, ``on_weight_update`` (finish|restart).
Response: top-level ``prompt_token_ids`` and ``policy_version``; per choice ``token_ids``, ``forced_token_mask``
(1 for tokens the server forced: the budget's closing phrase and ``</think>``), ``thinking_tokens``,
``thinking_budget_hit``, ``restarts`` (times the request was restarted on new weights), ``routed_experts``.
Errors are OpenAI-shaped: ``{"error": {"message", "type", "param", "code"}}`` with HTTP 400 (bad request),
404 (unknown model) or 500.
"""

from __future__ import annotations

import json
import logging
import time
import uuid

from aiohttp import web

from gauntlet_engine.generation.engine import DEFAULT_CLOSING_PHRASE, GenerationEngine, GenRequest
from gauntlet_engine.generation.sampling import SamplingParams
from gauntlet_engine.tokenizer import parse_tool_calls

GEN = web.AppKey("generation", object)
log = logging.getLogger("gauntlet_engine.server.openai")


class BadRequest(ValueError):
    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


class Generation:
    """The generation side of the server: engine, tokenizer, limits, and the hooks into the trainer."""

    def __init__(self, state, tokenizer, *, served_model_name: str = "policy", max_model_len: int = 4096,
                 max_slots: int = 64, max_batch: int = 256, grace_tokens: int = 16,
                 closing_phrase: str = DEFAULT_CLOSING_PHRASE, cuda_graphs: bool | None = None):
        self.state, self.tokenizer = state, tokenizer
        self.served_model_name = served_model_name
        self.max_model_len, self.max_batch = max_model_len, max_batch
        self.grace_tokens, self.closing_phrase = grace_tokens, closing_phrase
        vocab = state.model.config.vocab_size
        if tokenizer.vocab_size > vocab:
            raise ValueError(f"tokenizer has {tokenizer.vocab_size} tokens but the model only {vocab}")
        self.engine = GenerationEngine(state.model, tokenizer, max_slots=max_slots, max_model_len=max_model_len,
                                       cuda_graphs=cuda_graphs, version_fn=lambda: state.weights_version)
        # colocated training: weight changes pause generation between steps (see GenerationEngine.update_weights)
        for name in ("train_step", "load"):
            original = getattr(state, name)
            setattr(state, name, (lambda fn: lambda *a: self.engine.update_weights(fn, *a))(original))

    def mount(self, app: web.Application):
        app[GEN] = self
        app.router.add_post("/v1/chat/completions", chat_completions)
        app.router.add_post("/v1/completions", completions)
        app.router.add_get("/v1/models", models)
        app.on_shutdown.append(lambda _app: _shutdown(self))


async def _shutdown(gen: Generation):
    gen.engine.shutdown()


def _error(status: int, message: str, param: str | None = None, kind: str = "invalid_request_error"):
    log.warning("generation request refused (%s): %s", status, message)
    return web.json_response({"error": {"message": message, "type": kind, "param": param, "code": status}},
                             status=status)


# ---- request parsing ---------------------------------------------------------------------------------
def _num(body, key, default, lo=None, hi=None, integer=False, lo_open=False):
    v = body.get(key, default)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not isinstance(v, int)):
        raise BadRequest(f"{key} must be {'an integer' if integer else 'a number'}, got {v!r}", key)
    if lo is not None and (v <= lo if lo_open else v < lo):
        raise BadRequest(f"{key} must be {'>' if lo_open else '>='} {lo}, got {v}", key)
    if hi is not None and v > hi:
        raise BadRequest(f"{key} must be <= {hi}, got {v}", key)
    return v


def _bool(body, key, default=False):
    v = body.get(key, default)
    if v is None:
        return default
    if not isinstance(v, bool):
        raise BadRequest(f"{key} must be a boolean, got {v!r}", key)
    return v


def _common(gen: Generation, body: dict, prompt_ids: list[int], default_thinking=True) -> GenRequest:
    tk = gen.tokenizer
    model = body.get("model")
    if model is not None and model != gen.served_model_name:
        raise LookupError(f"model {model!r} is not served here; this server serves {gen.served_model_name!r}")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    room = gen.max_model_len - len(prompt_ids) - 1
    if room < 1:
        raise BadRequest(f"the prompt has {len(prompt_ids)} tokens; the context length is {gen.max_model_len}",
                         "messages")
    max_tokens = room if max_tokens is None else _num({"max_tokens": max_tokens}, "max_tokens", None, lo=1,
                                                      integer=True)
    lp = body.get("logprobs")
    top_lp = 0
    if isinstance(lp, bool):
        if lp:
            top_lp = _num(body, "top_logprobs", 0, lo=0, hi=20, integer=True)
    elif isinstance(lp, int):  # legacy completions: logprobs is the top-n count
        top_lp = _num(body, "logprobs", 0, lo=0, hi=20, integer=True)
    elif lp is not None:
        raise BadRequest("logprobs must be a boolean (chat) or an integer (completions)", "logprobs")
    bias = body.get("logit_bias") or {}
    if not isinstance(bias, dict):
        raise BadRequest("logit_bias must be an object of token id -> bias", "logit_bias")
    try:
        bias = {int(k): float(v) for k, v in bias.items()}
    except (TypeError, ValueError):
        raise BadRequest("logit_bias must map token ids to numbers", "logit_bias") from None
    if any(k < 0 or k >= tk.vocab_size or abs(v) > 100 for k, v in bias.items()):
        raise BadRequest("logit_bias keys must be token ids and values within [-100, 100]", "logit_bias")
    sampling = SamplingParams(
        temperature=_num(body, "temperature", 1.0, lo=0, hi=2),
        top_p=_num(body, "top_p", 1.0, lo=0, hi=1, lo_open=True),
        top_k=_num(body, "top_k", 0, lo=-1, integer=True),
        seed=_num(body, "seed", None, integer=True),
        logit_bias=bias, top_logprobs=top_lp)
    stop = body.get("stop") or []
    if isinstance(stop, str):
        stop = [stop]
    if not isinstance(stop, list) or not all(isinstance(s, str) and s for s in stop) or len(stop) > 16:
        raise BadRequest("stop must be a non-empty string or a list of at most 16 non-empty strings", "stop")
    stop_ids = body.get("stop_token_ids") or []
    if not isinstance(stop_ids, list) or not all(isinstance(t, int) and 0 <= t < tk.vocab_size for t in stop_ids):
        raise BadRequest("stop_token_ids must be a list of token ids", "stop_token_ids")
    stop_set = set(stop_ids) | (set() if _bool(body, "ignore_eos") else set(tk.stop_ids))
    if len(prompt_ids) + max_tokens > gen.max_model_len:
        raise BadRequest(f"the prompt has {len(prompt_ids)} tokens and max_tokens is {max_tokens}: more than the "
                         f"context length {gen.max_model_len}", "max_tokens")
    budget = body.get("thinking_budget")
    if budget is not None:
        budget = _num(body, "thinking_budget", None, lo=0, integer=True)
        if tk.think_end_id is None:
            raise BadRequest("thinking_budget needs a tokenizer with <think> and </think> tokens", "thinking_budget")
    on_update = body.get("on_weight_update", "finish")
    if on_update not in ("finish", "restart"):
        raise BadRequest("on_weight_update must be 'finish' or 'restart'", "on_weight_update")
    if _bool(body, "stream") and on_update == "restart":
        raise BadRequest("a streamed request cannot be restarted: use on_weight_update 'finish'", "on_weight_update")
    return GenRequest(
        prompt_ids=prompt_ids, max_tokens=max_tokens, sampling=sampling, stop_strings=stop, stop_ids=stop_set,
        include_stop_str=_bool(body, "include_stop_str_in_output"), thinking_budget=budget,
        grace_tokens=_num(body, "thinking_grace_tokens", gen.grace_tokens, lo=0, integer=True),
        closing_ids=tk.encode(body.get("thinking_closing_phrase", gen.closing_phrase)) if budget is not None else [],
        return_routing=_bool(body, "return_routed_experts"), on_weight_update=on_update)


def _n(gen: Generation, body: dict, prompts: int) -> int:
    n = _num(body, "n", 1, lo=1, integer=True)
    if n * prompts > gen.max_batch:
        raise BadRequest(f"batch of {n * prompts} sequences exceeds the limit of {gen.max_batch}", "n")
    return n


# ---- responses ---------------------------------------------------------------------------------------
def _completion_text(gen: Generation, r: GenRequest) -> str:
    tk = gen.tokenizer
    ids = r.token_ids
    if r.finish_reason == "stop" and ids and ids[-1] in r.stop_ids:
        ids = ids[:-1]
    text = tk.decode(ids)
    if r.stop_text_end is not None:
        text = text[: r.stop_text_end]
    return text


def _logprobs_chat(gen, r: GenRequest, start=0, end=None):
    tk = gen.tokenizer
    out = []
    for i in range(start, len(r.token_ids) if end is None else end):
        t = tk.token_text(r.token_ids[i])
        entry = {"token": t, "logprob": r.logprobs[i], "bytes": list(t.encode("utf-8"))}
        if r.sampling.top_logprobs:
            entry["top_logprobs"] = [{"token": tk.token_text(j), "logprob": v, "bytes": list(tk.token_text(j).encode())}
                                     for j, v in r.top_logprobs[i]]
        else:
            entry["top_logprobs"] = []
        out.append(entry)
    return out


def _extensions(r: GenRequest, start=0, end=None) -> dict:
    d = {"token_ids": r.token_ids[start:end], "forced_token_mask": [int(f) for f in r.forced[start:end]]}
    return d


def _final_extensions(r: GenRequest) -> dict:
    d = {"thinking_tokens": r.thinking_tokens, "thinking_budget_hit": r.budget_hit, "restarts": r.restarts}
    if r.return_routing:
        d["routed_experts"] = r.routing
    return d


def _check_error(reqs):
    for r in reqs:
        if r.error:
            raise RuntimeError(r.error)


async def _run_all(gen: Generation, reqs: list[GenRequest]):
    import asyncio

    await asyncio.gather(*(gen.engine.generate(r) for r in reqs))
    _check_error(reqs)


async def chat_completions(request: web.Request):
    gen: Generation = request.app[GEN]
    try:
        body = await request.json()
    except json.JSONDecodeError as e:
        return _error(400, f"body is not JSON: {e}")
    try:
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) and "role" in m
                                                                      for m in messages):
            raise BadRequest("messages must be a non-empty list of {role, content} objects", "messages")
        tools = body.get("tools")
        if tools is not None and not isinstance(tools, list):
            raise BadRequest("tools must be a list", "tools")
        if body.get("tool_choice") == "none":
            tools = None
        kwargs = body.get("chat_template_kwargs") or {}
        if not isinstance(kwargs, dict):
            raise BadRequest("chat_template_kwargs must be an object", "chat_template_kwargs")
        cont = _bool(body, "continue_final_message")
        if cont and messages[-1].get("role") != "assistant":
            raise BadRequest("continue_final_message needs a final assistant message", "continue_final_message")
        kwargs = dict(kwargs)
        enable_thinking = kwargs.pop("enable_thinking", True)
        text = gen.tokenizer.render_chat(messages, tools=tools, add_generation_prompt=_bool(
            body, "add_generation_prompt", not cont), continue_final_message=cont, enable_thinking=bool(enable_thinking),
            **kwargs)
        prompt_ids = gen.tokenizer.encode(text)
        n = _n(gen, body, 1)
        reqs = []
        for i in range(n):
            r = _common(gen, body, prompt_ids)
            if r.sampling.seed is not None:
                r.sampling.seed += i
            reqs.append(r)
    except LookupError as e:
        return _error(404, str(e), "model", "model_not_found")
    except BadRequest as e:
        return _error(400, str(e), e.param)
    except (ValueError, TypeError) as e:
        return _error(400, str(e))
    rid, created = "chatcmpl-" + uuid.uuid4().hex[:24], int(time.time())
    want_lp = bool(body.get("logprobs"))
    head = {"id": rid, "created": created, "model": gen.served_model_name}
    if _bool(body, "stream"):
        return await _stream(request, gen, reqs, head, chat=True, want_lp=want_lp, prompt_ids=prompt_ids,
                             tools=bool(tools), include_usage=bool((body.get("stream_options") or {}).get(
                                 "include_usage")))
    try:
        await _run_all(gen, reqs)
    except ValueError as e:
        return _error(400, str(e))
    except RuntimeError as e:
        return _error(500, str(e), kind="server_error")
    choices = []
    for i, r in enumerate(reqs):
        text = _completion_text(gen, r)
        content, calls = parse_tool_calls(text) if tools else (text, [])
        message = {"role": "assistant", "content": content if (content or not calls) else None}
        if calls:
            message["tool_calls"] = calls
        choice = {"index": i, "message": message,
                  "finish_reason": "tool_calls" if calls and r.finish_reason == "stop" else r.finish_reason,
                  "logprobs": {"content": _logprobs_chat(gen, r)} if want_lp else None}
        choice.update(_extensions(r))
        choice.update(_final_extensions(r))
        choices.append(choice)
    return web.json_response({
        **head, "object": "chat.completion", "choices": choices,
        "usage": _usage(prompt_ids, reqs), "prompt_token_ids": prompt_ids,
        "policy_version": reqs[0].policy_version})


def _usage(prompt_ids, reqs):
    c = sum(len(r.token_ids) for r in reqs)
    return {"prompt_tokens": len(prompt_ids), "completion_tokens": c, "total_tokens": len(prompt_ids) + c}


async def _stream(request, gen: Generation, reqs, head, *, chat: bool, want_lp: bool, prompt_ids, tools=False,
                  include_usage=False):
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await resp.prepare(request)
    obj = "chat.completion.chunk" if chat else "text_completion"
    sent_tokens = [0] * len(reqs)
    sent_text = [""] * len(reqs)

    async def send(payload):
        await resp.write(b"data: " + json.dumps(payload).encode() + b"\n\n")

    if chat:
        for i in range(len(reqs)):
            await send({**head, "object": obj, "prompt_token_ids": prompt_ids,
                        "policy_version": gen.state.weights_version,
                        "choices": [{"index": i, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})

    async def on_event(r, event):
        i = reqs.index(r)
        start, end = sent_tokens[i], len(r.token_ids)
        done = event == "done"
        if r.error:
            return
        if end == start and not done:
            return
        full = _completion_text(gen, r) if done else gen.tokenizer.decode(r.token_ids)
        delta_text = full[len(sent_text[i]):] if full.startswith(sent_text[i]) else ""
        if done and tools:
            _, calls = parse_tool_calls(full)
        else:
            calls = []
        choice = {"index": i, "finish_reason": None}
        choice.update(_extensions(r, start, end))
        if chat:
            delta = {"content": delta_text}
            if calls:
                delta["tool_calls"] = [{"index": k, **c} for k, c in enumerate(calls)]
            choice["delta"] = delta
            choice["logprobs"] = {"content": _logprobs_chat(gen, r, start, end)} if want_lp else None
        else:
            choice["text"] = delta_text
            choice["logprobs"] = _legacy_logprobs(gen, r, start, end) if want_lp else None
        if done:
            choice["finish_reason"] = "tool_calls" if calls and r.finish_reason == "stop" else r.finish_reason
            choice.update(_final_extensions(r))
        sent_tokens[i], sent_text[i] = end, sent_text[i] + delta_text
        await send({**head, "object": obj, "policy_version": r.policy_version, "choices": [choice]})

    import asyncio

    await asyncio.gather(*(gen.engine.generate(r, on_event) for r in reqs))
    errors = [r.error for r in reqs if r.error]
    if errors:
        await send({"error": {"message": errors[0], "type": "server_error", "code": 500}})
    if include_usage:
        await send({**head, "object": obj, "choices": [], "usage": _usage(prompt_ids, reqs)})
    await resp.write(b"data: [DONE]\n\n")
    await resp.write_eof()
    return resp


def _legacy_logprobs(gen, r: GenRequest, start=0, end=None):
    tk = gen.tokenizer
    end = len(r.token_ids) if end is None else end
    toks = [tk.token_text(t) for t in r.token_ids[start:end]]
    offs, o = [], 0
    for t in toks:
        offs.append(o)
        o += len(t)
    top = None
    if r.sampling.top_logprobs:
        top = [{tk.token_text(j): v for j, v in r.top_logprobs[i]} for i in range(start, end)]
    return {"tokens": toks, "token_logprobs": r.logprobs[start:end], "top_logprobs": top, "text_offset": offs}


async def completions(request: web.Request):
    gen: Generation = request.app[GEN]
    try:
        body = await request.json()
    except json.JSONDecodeError as e:
        return _error(400, f"body is not JSON: {e}")
    try:
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object")
        prompt = body.get("prompt")
        tk = gen.tokenizer
        if isinstance(prompt, str):
            prompts = [tk.encode(prompt)]
        elif isinstance(prompt, list) and prompt and all(isinstance(t, int) and not isinstance(t, bool) for t in prompt):
            prompts = [prompt]
        elif isinstance(prompt, list) and prompt and all(isinstance(p, str) for p in prompt):
            prompts = [tk.encode(p) for p in prompt]
        elif isinstance(prompt, list) and prompt and all(isinstance(p, list) and p and all(
                isinstance(t, int) and not isinstance(t, bool) for t in p) for p in prompt):
            prompts = prompt
        else:
            raise BadRequest("prompt must be a string, a list of strings, a list of token ids, or a list of such "
                             "lists", "prompt")
        for p in prompts:
            if not p or any(t < 0 or t >= tk.vocab_size for t in p):
                raise BadRequest(f"prompt token ids must be in [0, {tk.vocab_size})", "prompt")
        n = _n(gen, body, len(prompts))
        reqs, owners = [], []
        for pi, p in enumerate(prompts):
            for i in range(n):
                r = _common(gen, body, list(p))
                if r.sampling.seed is not None:
                    r.sampling.seed += i
                reqs.append(r)
                owners.append(pi)
    except LookupError as e:
        return _error(404, str(e), "model", "model_not_found")
    except BadRequest as e:
        return _error(400, str(e), e.param)
    except (ValueError, TypeError) as e:
        return _error(400, str(e))
    want_lp = body.get("logprobs") is not None and body.get("logprobs") is not False
    head = {"id": "cmpl-" + uuid.uuid4().hex[:24], "created": int(time.time()), "model": gen.served_model_name}
    if _bool(body, "stream"):
        return await _stream(request, gen, reqs, head, chat=False, want_lp=want_lp, prompt_ids=prompts[0],
                             include_usage=bool((body.get("stream_options") or {}).get("include_usage")))
    try:
        await _run_all(gen, reqs)
    except ValueError as e:
        return _error(400, str(e))
    except RuntimeError as e:
        return _error(500, str(e), kind="server_error")
    choices = []
    for i, r in enumerate(reqs):
        choice = {"index": i, "text": _completion_text(gen, r), "finish_reason": r.finish_reason,
                  "logprobs": _legacy_logprobs(gen, r) if want_lp else None, "prompt_token_ids": r.prompt_ids}
        choice.update(_extensions(r))
        choice.update(_final_extensions(r))
        choices.append(choice)
    c = sum(len(r.token_ids) for r in reqs)
    p = sum(len(x) for x in prompts)
    out = {**head, "object": "text_completion", "choices": choices,
           "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c},
           "policy_version": reqs[0].policy_version}
    if len(prompts) == 1:
        out["prompt_token_ids"] = prompts[0]
    return web.json_response(out)


async def models(request: web.Request):
    gen: Generation = request.app[GEN]
    return web.json_response({"object": "list", "data": [{
        "id": gen.served_model_name, "object": "model", "created": 0, "owned_by": "gauntlet",
        "max_model_len": gen.max_model_len, "policy_version": gen.state.weights_version,
        "tokenizer": getattr(gen.tokenizer, "name", None)}]})
