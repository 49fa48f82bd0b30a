"""Continuous-batching generation engine: a scheduler thread over a ``ModelRunner``.

Each iteration of the loop (one thread owns the model while generating):
  1. admit waiting requests into free cache slots (packed prefill of up to ``max_prefill_tokens``), sampling
     their first token from the prefill logits;
  2. one decode step for every running sequence (new requests join and finished ones leave between steps);
  3. per row: pick the token (a queued *forced* token, else a sample), record its logprob under the raw fp32
     distribution, optional top-n, the routed experts of the token just fed, then stop / length / budget checks.

Reasoning budget (``thinking_budget`` N, ``grace`` G): sampled tokens inside ``<think>`` are counted. When the
count reaches N the sequence may sample up to G more tokens, stopping early right after a token that ends a line
(contains a newline); then the closing phrase and ``</think>`` are queued as forced tokens, fed one per step,
flagged ``forced`` in the output, and the answer is sampled after them. A model that never closes its thinking and
never writes a newline is therefore cut after exactly N + G thinking tokens.

Weight updates (colocated training): ``update_weights(fn)`` is called on the trainer's thread. It stops
admissions, lets every running request of mode ``finish`` complete on the old weights, pauses the loop, runs
``fn`` (the train step or checkpoint load), bumps the version, and restarts every running request of mode
``restart`` from its prompt on the new weights (its output so far is discarded; ``restarts`` counts it). Every
token of a response is therefore produced by one weight version, the one the response names.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import torch

from gauntlet_engine.generation.runner import ModelRunner
from gauntlet_engine.generation.sampling import SamplingParams, make_generator, sample

log = logging.getLogger("gauntlet_engine.generation")

DEFAULT_CLOSING_PHRASE = "\n\nConsidering the limited time, I have to give the solution based on the thinking directly now.\n"


@dataclass
class GenRequest:
    prompt_ids: list[int]
    max_tokens: int
    sampling: SamplingParams = field(default_factory=SamplingParams)
    stop_strings: list[str] = field(default_factory=list)
    stop_ids: set[int] = field(default_factory=set)
    include_stop_str: bool = False
    thinking_budget: int | None = None
    grace_tokens: int = 0
    closing_ids: list[int] = field(default_factory=list)
    return_routing: bool = False
    on_weight_update: str = "finish"
    """finish: the train step waits for this request; restart: restart it on the new weights."""

    # ---- state and results (filled by the engine) ----
    id: int = 0
    token_ids: list[int] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    top_logprobs: list[list[tuple[int, float]]] = field(default_factory=list)
    forced: list[bool] = field(default_factory=list)
    routing: list = field(default_factory=list)
    """Expert ids per fed token (prompt tokens, then completion tokens but the last): [token][moe layer][k]."""
    finish_reason: str | None = None
    stop_text_end: int | None = None
    policy_version: int | None = None
    restarts: int = 0
    thinking_tokens: int = 0
    budget_hit: bool = False
    error: str | None = None
    # internal
    _slot: int = -1
    _in_think: bool = False
    _grace_left: int | None = None
    _force_queue: deque = field(default_factory=deque)
    _gen: object = None
    _notify: object = None
    _done: threading.Event = field(default_factory=threading.Event)

    def reset(self):
        self.token_ids, self.logprobs, self.top_logprobs, self.forced, self.routing = [], [], [], [], []
        self.finish_reason = self.stop_text_end = None
        self.thinking_tokens, self.budget_hit = 0, False
        self._grace_left, self._force_queue = None, deque()


class GenerationEngine:
    def __init__(self, model, tokenizer, *, max_slots: int = 64, max_model_len: int = 4096,
                 max_prefill_tokens: int = 8192, cuda_graphs: bool | None = None, version_fn=lambda: 0):
        self.model, self.tokenizer = model, tokenizer
        self.max_slots, self.max_model_len = max_slots, max_model_len
        self.max_prefill_tokens = max_prefill_tokens
        self.runner = ModelRunner(model, max_slots, max_model_len, cuda_graphs=cuda_graphs)
        self.device = self.runner.cache.device
        self.version_fn = version_fn
        self.version = version_fn()
        tv = getattr(tokenizer, "vocab_size", None)
        self.vocab_limit = tv if tv and tv < model.config.vocab_size else None
        self.waiting: deque[GenRequest] = deque()
        self.running: list[GenRequest] = []
        self.free_slots = list(range(max_slots))
        self.cond = threading.Condition()
        self._update_pending = 0
        self._paused = threading.Event()
        self._resume = threading.Event()
        self._stop = False
        self._ids = itertools.count(1)
        self.stats = {"steps": 0, "tokens": 0, "prefills": 0}
        self.thread = threading.Thread(target=self._loop, name="generation", daemon=True)
        self.thread.start()

    # ---- public API ---------------------------------------------------------------------------------
    def submit(self, req: GenRequest, notify=None) -> GenRequest:
        """Queue a request; ``notify(req, event)`` is called from the engine thread on each token and at the end."""
        if len(req.prompt_ids) + req.max_tokens + len(req.closing_ids) + 1 > self.max_model_len:
            raise ValueError(f"prompt of {len(req.prompt_ids)} tokens plus max_tokens {req.max_tokens} exceeds the "
                             f"context length {self.max_model_len}")
        req.id = next(self._ids)
        req._notify = notify
        with self.cond:
            self.waiting.append(req)
            self.cond.notify_all()
        return req

    async def generate(self, req: GenRequest, on_event=None) -> GenRequest:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()

        def notify(r, event):
            loop.call_soon_threadsafe(queue.put_nowait, event)

        self.submit(req, notify)
        while True:
            event = await queue.get()
            if on_event is not None:
                await on_event(req, event)
            if event == "done":
                return req

    def generate_sync(self, req: GenRequest, timeout: float | None = None) -> GenRequest:
        self.submit(req)
        if not req._done.wait(timeout):
            raise TimeoutError("generation did not finish in time")
        return req

    def update_weights(self, fn, *args):
        """Run ``fn`` (train step, checkpoint load) with generation paused between steps; see the module doc."""
        with self.cond:
            self._update_pending += 1
            self._paused.clear()
            self._resume.clear()
            self.cond.notify_all()
        self._paused.wait()
        try:
            return fn(*args)
        finally:
            with self.cond:
                self.version = self.version_fn()
                for r in [r for r in self.running if r.on_weight_update == "restart"]:
                    self.running.remove(r)
                    self.free_slots.append(r._slot)
                    r.reset()
                    r.restarts += 1
                    r._gen = None
                    self.waiting.appendleft(r)
                self._update_pending -= 1
                self._resume.set()
                self.cond.notify_all()

    def shutdown(self):
        with self.cond:
            self._stop = True
            self.cond.notify_all()
        self.thread.join(timeout=10)

    # ---- the loop -----------------------------------------------------------------------------------
    def _loop(self):
        while True:
            with self.cond:
                while not self._stop and not self.running and not (self.waiting and not self._update_pending) \
                        and not self._update_pending:
                    self.cond.wait()
                if self._stop:
                    return
                if self._update_pending and not any(r.on_weight_update == "finish" for r in self.running):
                    self._paused.set()
                    self.cond.release()
                    try:
                        self._resume.wait()
                    finally:
                        self.cond.acquire()
                    continue
                admit = []
                if not self._update_pending:
                    budget = self.max_prefill_tokens
                    while self.waiting and self.free_slots and (not admit or len(self.waiting[0].prompt_ids) <= budget):
                        r = self.waiting.popleft()
                        r._slot = self.free_slots.pop()
                        budget -= len(r.prompt_ids)
                        admit.append(r)
            try:
                if admit:
                    self._prefill(admit)
                if self.running:
                    self._decode_step()
            except Exception as e:  # noqa: BLE001 - fail the requests, keep serving
                log.exception("generation step failed")
                with self.cond:
                    for r in admit + self.running:
                        if r.finish_reason is None:
                            r.error = f"{type(e).__name__}: {e}"
                            self._finish(r, "error")
                    self.running = [r for r in self.running if r.finish_reason is None]

    def _prefill(self, reqs: list[GenRequest]):
        out = self.runner.prefill([r.prompt_ids for r in reqs], [r._slot for r in reqs])
        self.stats["prefills"] += len(reqs)
        for b, r in enumerate(reqs):
            r.policy_version = self.version
            r._gen = make_generator(r.sampling.seed, self.device)
            r._in_think = _opens_thinking(r.prompt_ids, self.tokenizer)
            if r.thinking_budget == 0 and r._in_think:  # no thinking at all: close it before the first token
                r._force_queue.extend(r.closing_ids + [self.tokenizer.think_end_id])
                r._in_think, r.budget_hit = False, True
            if r.return_routing:
                rt = self.runner.last_prefill_routing.get(b)
                r.routing.extend(rt.tolist() if rt is not None else [])
        with self.cond:
            self.running.extend(reqs)
        self._consume(reqs, out.logits_BV, None)

    def _decode_step(self):
        rows = [r for r in self.running if r.finish_reason is None]
        if not rows:
            return
        dev = self.device
        tokens = torch.tensor([r.token_ids[-1] for r in rows], device=dev)
        slots = torch.tensor([r._slot for r in rows], device=dev)
        pos_list = [len(r.prompt_ids) + len(r.token_ids) - 1 for r in rows]
        pos = torch.tensor(pos_list, device=dev)
        out = self.runner.decode(tokens, slots, pos, max(pos_list))
        self.stats["steps"] += 1
        self._consume(rows, out.logits_BV, out.routing_BLX)

    def _consume(self, rows: list[GenRequest], logits_BV, routing_BLX):
        tokens, logp_BV = sample(logits_BV, [r.sampling for r in rows], [r._gen for r in rows], self.vocab_limit)
        forced_rows = [b for b, r in enumerate(rows) if r._force_queue]
        for b in forced_rows:
            tokens[b] = rows[b]._force_queue[0]
        chosen_lp = logp_BV.gather(1, tokens[:, None]).squeeze(1)
        want_top = max(r.sampling.top_logprobs for r in rows)
        top = logp_BV.topk(want_top, dim=-1) if want_top else None
        tokens_l, lp_l = tokens.tolist(), chosen_lp.tolist()
        top_v = top.values.tolist() if top is not None else None
        top_i = top.indices.tolist() if top is not None else None
        routing_l = routing_BLX.tolist() if routing_BLX is not None and any(r.return_routing for r in rows) else None
        for b, r in enumerate(rows):
            tok = tokens_l[b]
            forced = bool(r._force_queue)
            if forced:
                r._force_queue.popleft()
            r.token_ids.append(tok)
            r.logprobs.append(lp_l[b])
            r.forced.append(forced)
            if r.sampling.top_logprobs:
                n = r.sampling.top_logprobs
                r.top_logprobs.append(list(zip(top_i[b][:n], top_v[b][:n])))
            if routing_l is not None and r.return_routing:
                r.routing.append(routing_l[b])
            self.stats["tokens"] += 1
            if not forced:
                self._reasoning(r, tok)
            reason = None if forced else self._stop_reason(r, tok)
            if reason is None and len(r.token_ids) >= r.max_tokens and not r._force_queue:
                reason = "length"
            if reason is not None:
                self._finish(r, reason)
            elif r._notify is not None:
                r._notify(r, "token")
        with self.cond:
            self.running = [r for r in self.running if r.finish_reason is None]

    def _reasoning(self, r: GenRequest, tok: int):
        tk = self.tokenizer
        if tk.think_start_id is not None and tok == tk.think_start_id:
            r._in_think = True
            return
        if not r._in_think:
            return
        if tok == tk.think_end_id:
            r._in_think = False
            return
        r.thinking_tokens += 1
        if r.thinking_budget is None or r.thinking_tokens < r.thinking_budget:
            return
        if r._grace_left is None:
            r._grace_left = r.grace_tokens
        else:
            r._grace_left -= 1
        if r._grace_left <= 0 or "\n" in tk.token_text(tok):
            r._force_queue.extend(r.closing_ids + [tk.think_end_id])
            r._in_think = False
            r.budget_hit = True

    def _stop_reason(self, r: GenRequest, tok: int) -> str | None:
        if tok in r.stop_ids:
            return "stop"
        if r.stop_strings:
            tail_n = max(len(s) for s in r.stop_strings) + 16
            text = self.tokenizer.decode(r.token_ids)
            start = max(0, len(text) - tail_n - len(self.tokenizer.token_text(tok)))
            for s in r.stop_strings:
                i = text.find(s, start)
                if i >= 0:
                    r.stop_text_end = i + len(s) if r.include_stop_str else i
                    return "stop"
        return None

    def _finish(self, r: GenRequest, reason: str):
        r.finish_reason = reason
        if r._slot >= 0:
            self.free_slots.append(r._slot)
            r._slot = -1
        r._done.set()
        if r._notify is not None:
            r._notify(r, "done")


def _opens_thinking(prompt_ids: list[int], tk) -> bool:
    """The prompt ends inside a thinking block: its last think marker is ``<think>``."""
    if tk.think_start_id is None:
        return False
    for t in reversed(prompt_ids):
        if t == tk.think_end_id:
            return False
        if t == tk.think_start_id:
            return True
    return False


def wait_idle(engine: GenerationEngine, timeout: float = 10.0):
    t0 = time.time()
    while (engine.running or engine.waiting) and time.time() - t0 < timeout:
        time.sleep(0.01)
