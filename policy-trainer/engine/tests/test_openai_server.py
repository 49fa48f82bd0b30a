"""The OpenAI-compatible routes over a real socket (aiohttp), CPU, tiny model, built-in tokenizer: the fields
rollout-service parses, tool calls, streaming, validation, budgets, and a train step bumping the version."""

import asyncio
import json

import pytest
import torch
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from test_server import batch_body

from gauntlet_engine.models.nemotron_h.config import debug
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.server.app import build_app
from gauntlet_engine.server.openai_api import Generation
from gauntlet_engine.server.state import EngineState
from gauntlet_engine.tokenizer import BuiltinTokenizer
from gauntlet_engine.train.step import TrainConfig, Trainer

TK = BuiltinTokenizer()


def serve(tmp_path, scenario, **gen_kw):
    model = NemotronH(debug("M*E")).init_weights(seed=0)
    state = EngineState(model, Trainer(model, TrainConfig(lr=1e-2)), tmp_path / "ckpt")
    gen = Generation(state, TK, max_model_len=512, max_slots=4, max_batch=4, **gen_kw)

    async def main():
        async with TestServer(build_app(state, generation=gen)) as server, \
                ClientSession(base_url=str(server.make_url(""))) as http:
            return await scenario(http, model)

    try:
        return asyncio.run(main())
    finally:
        gen.engine.shutdown()


def train_logprobs(model, prompt, completion):
    seq = prompt + completion
    with torch.no_grad():
        lp, _ = model(torch.tensor(seq), logprob_targets_T=torch.tensor(seq[1:]), with_entropy=False)
    return lp[len(prompt) - 1 :]


CHAT = {"model": "policy", "messages": [{"role": "user", "content": "2+2?"}], "max_tokens": 12, "temperature": 1.0,
        "top_p": 1.0, "seed": 5, "logprobs": True, "return_token_ids": True}


def test_chat_completion_fields_rollout_service_reads(tmp_path):
    async def scenario(http, model):
        r = await http.post("/v1/chat/completions", json=CHAT)
        assert r.status == 200, await r.text()
        body = await r.json()
        c = body["choices"][0]
        assert body["policy_version"] == 0
        assert TK.decode(body["prompt_token_ids"]) == TK.render_chat(CHAT["messages"])
        assert len(c["token_ids"]) == len(c["logprobs"]["content"]) == len(c["forced_token_mask"])
        assert body["usage"]["completion_tokens"] == len(c["token_ids"])
        lps = [e["logprob"] for e in c["logprobs"]["content"]]
        torch.testing.assert_close(torch.tensor(lps), train_logprobs(model, body["prompt_token_ids"], c["token_ids"]),
                                   atol=2e-5, rtol=0)
        again = await (await http.post("/v1/chat/completions", json=CHAT)).json()
        assert again["choices"][0]["token_ids"] == c["token_ids"]  # seeded
        models = await (await http.get("/v1/models")).json()
        assert models["data"][0]["id"] == "policy"
        # a train step (colocated) bumps the version, and generation after it reports the new one
        tr = await http.post("/v1/train/step", data=batch_body(model))
        assert tr.status == 200, await tr.text()
        after = await (await http.post("/v1/chat/completions", json=CHAT)).json()
        assert after["policy_version"] == 1
        lps = [e["logprob"] for e in after["choices"][0]["logprobs"]["content"]]
        torch.testing.assert_close(torch.tensor(lps), train_logprobs(model, after["prompt_token_ids"],
                                                                     after["choices"][0]["token_ids"]), atol=2e-5, rtol=0)
        assert lps != [e["logprob"] for e in c["logprobs"]["content"]]

    serve(tmp_path, scenario)


def test_tool_call_parsing_continue_and_completions_with_token_ids(tmp_path):
    async def scenario(http, model):
        call = '<tool_call>{"name": "lookup", "arguments": {"q": "x"}}</tool_call>'
        # the model continues an assistant message that already holds a tool call; stop at once via stop_token_ids
        body = dict(CHAT, messages=CHAT["messages"] + [{"role": "assistant", "content": "</think>" + call}],
                    continue_final_message=True, add_generation_prompt=False, max_tokens=1,
                    tools=[{"type": "function", "function": {"name": "lookup", "parameters": {}}}])
        r = await (await http.post("/v1/chat/completions", json=body)).json()
        assert TK.decode(r["prompt_token_ids"]).endswith("<|im_start|>assistant\n<think></think>" + call)
        # completions with a token-id prompt: same ids back, logprobs in the legacy layout
        ids = r["prompt_token_ids"]
        comp = await (await http.post("/v1/completions", json={"prompt": ids, "max_tokens": 5, "logprobs": 2,
                                                               "seed": 1})).json()
        ch = comp["choices"][0]
        assert comp["prompt_token_ids"] == ids and len(ch["token_ids"]) == 5
        assert len(ch["logprobs"]["top_logprobs"][0]) == 2
        torch.testing.assert_close(torch.tensor(ch["logprobs"]["token_logprobs"]),
                                   train_logprobs(model, ids, ch["token_ids"]), atol=2e-5, rtol=0)

    serve(tmp_path, scenario)


def test_tool_call_parser():
    from gauntlet_engine.tokenizer import parse_tool_calls

    content, calls = parse_tool_calls('thinking</think>ok<tool_call>{"name": "f", "arguments": {"a": 1}}</tool_call>'
                                      '<tool_call>not json</tool_call>')
    assert calls == [{"id": "call_0", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}]
    assert content == "thinking</think>ok<tool_call>not json</tool_call>"
    assert parse_tool_calls("plain") == ("plain", [])


def test_streaming_matches_non_streaming(tmp_path):
    async def scenario(http, model):
        full = await (await http.post("/v1/chat/completions", json=CHAT)).json()
        r = await http.post("/v1/chat/completions", json=dict(CHAT, stream=True,
                                                               stream_options={"include_usage": True}))
        assert r.headers["Content-Type"].startswith("text/event-stream")
        events = [line[6:] for line in (await r.text()).split("\n") if line.startswith("data: ")]
        assert events[-1] == "[DONE]"
        chunks = [json.loads(e) for e in events[:-1]]
        ids = [t for ch in chunks for c in ch["choices"] for t in c.get("token_ids", [])]
        text = "".join(c["delta"].get("content") or "" for ch in chunks for c in ch["choices"])
        assert ids == full["choices"][0]["token_ids"]
        assert text == full["choices"][0]["message"]["content"]
        assert chunks[0]["prompt_token_ids"] == full["prompt_token_ids"]
        assert chunks[-1]["usage"]["completion_tokens"] == len(ids)

    serve(tmp_path, scenario)


@pytest.mark.parametrize("patch,param", [
    ({"max_tokens": 1000}, "max_tokens"),          # context length 512
    ({"temperature": -1}, "temperature"),
    ({"top_p": 0}, "top_p"),
    ({"n": 5}, "n"),                                # batch limit 4
    ({"messages": []}, "messages"),
    ({"stop": [""]}, "stop"),
    ({"on_weight_update": "later"}, "on_weight_update"),
])
def test_bad_requests_get_400_with_reason(tmp_path, patch, param):
    async def scenario(http, model):
        r = await http.post("/v1/chat/completions", json=dict(CHAT, **patch))
        assert r.status == 400
        err = (await r.json())["error"]
        assert err["param"] == param and err["message"]
        unknown = await http.post("/v1/chat/completions", json=dict(CHAT, model="other"))
        assert unknown.status == 404
        big = await http.post("/v1/completions", json={"prompt": [[5, 6]] * 5, "max_tokens": 2})
        assert big.status == 400 and "exceeds the limit" in (await big.json())["error"]["message"]

    serve(tmp_path, scenario)


def test_thinking_budget_over_http(tmp_path):
    never = {str(TK.think_end_id): -100, str(TK.ids["\n"]): -100, str(TK.eos_id): -100, str(TK.im_end_id): -100}

    async def scenario(http, model):
        body = dict(CHAT, max_tokens=60, thinking_budget=6, thinking_grace_tokens=2, logit_bias=never,
                    thinking_closing_phrase="Done.")
        c = (await (await http.post("/v1/chat/completions", json=body)).json())["choices"][0]
        forced = TK.encode("Done.</think>")
        assert c["thinking_tokens"] == 8 and c["thinking_budget_hit"]
        assert c["forced_token_mask"] == [0] * 8 + [1] * len(forced) + [0] * (60 - 8 - len(forced))
        assert c["token_ids"][8 : 8 + len(forced)] == forced
        assert "Done.</think>" in c["message"]["content"]
        off = dict(CHAT, chat_template_kwargs={"enable_thinking": False})
        r = await (await http.post("/v1/chat/completions", json=off)).json()
        assert TK.decode(r["prompt_token_ids"]).endswith("<think></think>")

    serve(tmp_path, scenario)


def test_continuation_prompt_extends_the_first_call_token_for_token(tmp_path):
    # rollout-service's client-side budget: a second call continues the assistant message with the text so far
    async def scenario(http, model):
        first = await (await http.post("/v1/chat/completions", json=dict(CHAT, ignore_eos=True))).json()
        text = first["choices"][0]["message"]["content"]
        body = dict(CHAT, messages=CHAT["messages"] + [{"role": "assistant", "content": text}],
                    continue_final_message=True, add_generation_prompt=False)
        second = await (await http.post("/v1/chat/completions", json=body)).json()
        assert max(first["choices"][0]["token_ids"]) < TK.vocab_size  # the model's extra ids are never sampled
        assert second["prompt_token_ids"] == first["prompt_token_ids"] + first["choices"][0]["token_ids"]

    serve(tmp_path, scenario)
