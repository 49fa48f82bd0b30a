"""Generation on CPU: logprobs equal the train step's, routing equals the train forward's, the padded
(CUDA-graph layout) decode equals the eager one, seeds are batch-independent, and the thinking budget cuts a
model that never closes its thinking at exactly budget + grace, with the forced tokens flagged."""

import time

import pytest
import torch

from gauntlet_engine.generation.engine import GenerationEngine, GenRequest
from gauntlet_engine.generation.sampling import SamplingParams
from gauntlet_engine.models.nemotron_h.config import debug
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.tokenizer import BuiltinTokenizer

TK = BuiltinTokenizer()


@pytest.fixture(scope="module")
def model():
    return NemotronH(debug(vocab_size=TK.vocab_size)).init_weights(seed=0).eval()


def _prompt(text, thinking=True):
    return TK.encode(TK.render_chat([{"role": "user", "content": text}], enable_thinking=thinking))


def _train_logprobs(model, prompt, completion):
    seq = prompt + completion
    with torch.no_grad():
        lp, _ = model(torch.tensor(seq), logprob_targets_T=torch.tensor(seq[1:]), with_entropy=False)
    return lp[len(prompt) - 1 :]


@pytest.mark.parametrize("graphs", [False, True])
def test_logprobs_and_routing_match_train_forward(model, graphs):
    eng = GenerationEngine(model, TK, max_slots=3, max_model_len=320, cuda_graphs=graphs)
    try:
        reqs = [eng.submit(GenRequest(prompt_ids=_prompt("q" * (3 + 7 * i)), max_tokens=20 + i,
                                      sampling=SamplingParams(temperature=1.0, seed=i), return_routing=True))
                for i in range(5)]  # 5 requests, 3 slots: requests join and leave the running batch
        for r in reqs:
            assert r._done.wait(60) and r.error is None
    finally:
        eng.shutdown()  # the engine thread must not run the model while this thread does
    for r in reqs:
        assert len(r.token_ids) == r.max_tokens and r.finish_reason == "length"
        ref = _train_logprobs(model, r.prompt_ids, r.token_ids)
        torch.testing.assert_close(torch.tensor(r.logprobs), ref, atol=2e-5, rtol=0)
        seq = r.prompt_ids + r.token_ids
        with torch.no_grad():
            model(torch.tensor(seq[:-1]))
        rec = torch.stack([v for _, v in sorted(model.routing_record().items())], 1)
        assert torch.equal(torch.tensor(r.routing).sort(-1).values, rec.sort(-1).values)


def test_seeded_sampling_does_not_depend_on_batch(model):
    eng = GenerationEngine(model, TK, max_slots=4, max_model_len=256)
    try:
        p = _prompt("seed")
        alone = eng.generate_sync(GenRequest(prompt_ids=p, max_tokens=16, sampling=SamplingParams(seed=7)), 60)
        others = [eng.submit(GenRequest(prompt_ids=_prompt("x" * i), max_tokens=16)) for i in range(1, 4)]
        again = eng.generate_sync(GenRequest(prompt_ids=p, max_tokens=16, sampling=SamplingParams(seed=7)), 60)
        for o in others:
            o._done.wait(60)
        assert again.token_ids == alone.token_ids
        greedy = eng.generate_sync(GenRequest(prompt_ids=p, max_tokens=8, sampling=SamplingParams(temperature=0)), 60)
        with torch.no_grad():
            first = model.logits(model(torch.tensor(p))[-1:]).argmax().item()
        assert greedy.token_ids[0] == first
    finally:
        eng.shutdown()


NEVER_CLOSE = {TK.think_end_id: -1e9, TK.ids["\n"]: -1e9, TK.eos_id: -1e9, TK.im_end_id: -1e9}


@pytest.mark.parametrize("budget,grace", [(0, 0), (5, 0), (8, 3)])
def test_budget_cuts_never_closing_model_at_budget_plus_grace(model, budget, grace):
    closing = TK.encode("Time is up.")
    eng = GenerationEngine(model, TK, max_slots=2, max_model_len=256)
    try:
        r = eng.generate_sync(GenRequest(
            prompt_ids=_prompt("think"), max_tokens=40, thinking_budget=budget, grace_tokens=grace,
            closing_ids=closing, stop_ids=TK.stop_ids,
            sampling=SamplingParams(temperature=1.0, seed=3, logit_bias=NEVER_CLOSE)), 60)
        n = budget + grace
        forced = closing + [TK.think_end_id]
        assert r.thinking_tokens == n and r.budget_hit
        assert r.forced == [False] * n + [True] * len(forced) + [False] * (len(r.token_ids) - n - len(forced))
        assert r.token_ids[n : n + len(forced)] == forced
        assert len(r.token_ids) == 40 and r.finish_reason == "length"  # the answer follows the forced close
        assert TK.think_end_id not in r.token_ids[:n]
        # forced tokens still carry the model's logprob of them, as the train step computes it
        torch.testing.assert_close(torch.tensor(r.logprobs), _train_logprobs(model, r.prompt_ids, r.token_ids),
                                   atol=2e-5, rtol=0)
    finally:
        eng.shutdown()


def test_grace_window_ends_at_a_newline(model):
    # only "\n" is allowed to be sampled once the budget is reached... so the line ends at the first grace token
    eng = GenerationEngine(model, TK, max_slots=1, max_model_len=256)
    try:
        bias = {TK.think_end_id: -1e9, TK.eos_id: -1e9, TK.im_end_id: -1e9, TK.ids["\n"]: 50.0}
        r = eng.generate_sync(GenRequest(
            prompt_ids=_prompt("t"), max_tokens=30, thinking_budget=4, grace_tokens=10, closing_ids=TK.encode("ok"),
            sampling=SamplingParams(temperature=1.0, seed=1, logit_bias=bias)), 60)
        # every sampled token is "\n": the budget is reached at token 4, which already ends a line -> forced at once
        assert r.thinking_tokens == 4 and r.forced[4:7] == [True, True, True] and not any(r.forced[:4])
    finally:
        eng.shutdown()


def test_reasoning_off_follows_the_template(model):
    eng = GenerationEngine(model, TK, max_slots=1, max_model_len=256)
    try:
        p = _prompt("no thinking", thinking=False)
        assert TK.decode(p).endswith("<think></think>")
        r = eng.generate_sync(GenRequest(prompt_ids=p, max_tokens=12, thinking_budget=2, closing_ids=[],
                                         sampling=SamplingParams(seed=0, logit_bias={TK.think_start_id: -1e9})), 60)
        assert r.thinking_tokens == 0 and not r.budget_hit and not any(r.forced)
    finally:
        eng.shutdown()


def test_weight_update_finish_and_restart(model):
    version = [0]
    eng = GenerationEngine(model, TK, max_slots=2, max_model_len=256, version_fn=lambda: version[0])
    try:
        fin = eng.submit(GenRequest(prompt_ids=_prompt("a"), max_tokens=20, on_weight_update="finish"))
        rst = eng.submit(GenRequest(prompt_ids=_prompt("b"), max_tokens=200, on_weight_update="restart"))
        while len(rst.token_ids) < 3:
            time.sleep(0.005)

        def step():
            assert fin._done.is_set()  # the finish-mode request completed before the weights changed
            version[0] += 1

        eng.update_weights(step)
        assert fin._done.wait(60) and rst._done.wait(60)
        assert fin.policy_version == 0 and fin.restarts == 0
        assert rst.policy_version == 1 and rst.restarts == 1 and len(rst.token_ids) == 200
    finally:
        eng.shutdown()
