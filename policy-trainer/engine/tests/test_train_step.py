"""The GRPO train step on a tiny model (CPU): learning, grad-accumulation invariance, routing replay, bf16."""

import copy

import pytest
import torch
from conftest import in_triton_interpreter

from gauntlet_engine.losses.grpo import LossConfig
from gauntlet_engine.models.nemotron_h.config import debug
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.packing import make_packing, pack
from gauntlet_engine.train.batch import TrainBatch
from gauntlet_engine.train.step import TrainConfig, Trainer, sequence_logprobs


def make_batch(model, n_seqs=4, prompt=4, completion=10, seed=0, advantages=None):
    g = torch.Generator().manual_seed(seed)
    seqs = [torch.randint(0, model.config.vocab_size, (prompt + completion,), generator=g) for _ in range(n_seqs)]
    ids, cu = pack(seqs)
    mask = torch.zeros(ids.numel(), dtype=torch.bool)
    for s in cu[:-1].tolist():
        mask[s + prompt : s + prompt + completion] = True
    with torch.no_grad():
        beh, _ = sequence_logprobs(model.eval(), ids, make_packing(cu), with_entropy=False)
    adv = advantages if advantages is not None else torch.tensor([1.0, -1.0] * (n_seqs // 2))
    return TrainBatch.build(input_ids=ids, cu_seqlens=cu, loss_mask=mask, behaviour_logprobs=beh, advantages=adv)


def seq_logprob_sums(model, batch):
    with torch.no_grad():
        lp, _ = sequence_logprobs(model.eval(), batch.input_ids_T, make_packing(batch.cu_seqlens_B1), with_entropy=False)
    seq = make_packing(batch.cu_seqlens_B1).seq_idx_T.long()
    return torch.zeros(batch.num_seqs).index_add(0, seq, lp * batch.loss_mask_T)


def test_tiny_model_overfits_fixed_batch():
    torch.manual_seed(0)
    model = NemotronH(debug("M*EM")).init_weights(seed=0)
    batch = make_batch(model)
    before = seq_logprob_sums(model, batch)
    # several updates on one batch with fixed behaviour logprobs (PPO-style epochs): the clipped objective
    # is 0 at the start and falls towards mean(-A * clip(r)) as the ratios move
    trainer = Trainer(model, TrainConfig(lr=3e-3, micro_batch_tokens=64, activation_checkpointing=True,
                                         loss=LossConfig(eps_low=0.5, eps_high=0.5)))
    losses = [trainer.step(batch)["loss"] for _ in range(25)]
    after = seq_logprob_sums(model, batch)
    assert abs(losses[0]) < 1e-5 and losses[-1] < -0.3, losses
    assert (after[0::2] > before[0::2] + 1.0).all(), (before, after)  # positive advantage: likelier
    assert (after[1::2] < before[1::2] - 1.0).all(), (before, after)  # negative advantage: less likely


def test_micro_batching_does_not_change_the_update():
    torch.manual_seed(1)
    base = NemotronH(debug("M*E")).init_weights(seed=1)
    batch = make_batch(base, n_seqs=6, advantages=torch.tensor([1.0, -0.5, 0.3, -1.0, 2.0, 0.0]))
    results = []
    for mbt in (10_000, 20):  # one micro-batch vs one sequence per micro-batch
        model = copy.deepcopy(base)
        trainer = Trainer(model, TrainConfig(micro_batch_tokens=mbt, loss=LossConfig(aggregation="seq_mean_token_mean")))
        grads = {}

        def capture(max_norm, model=model, grads=grads):  # stop before AdamW: compare the accumulated gradients
            grads.update({n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None})
            return 0.0

        trainer.optimizer.clip_and_step = capture
        results.append((trainer.step(batch), grads))
    (m1, g1), (m2, g2) = results
    assert m1["loss"] == pytest.approx(m2["loss"], rel=1e-5, abs=1e-7)
    assert g1.keys() == g2.keys() and len(g1) > 10
    for k in g1:
        torch.testing.assert_close(g1[k], g2[k], atol=1e-6, rtol=1e-4, msg=k)


def test_metrics_are_reported():
    model = NemotronH(debug("ME")).init_weights(seed=2)
    batch = make_batch(model)
    batch.behaviour_logprobs_T[batch.loss_mask_T] -= 0.05  # the generator was slightly different
    m = Trainer(model, TrainConfig(lr=1e-3)).step(batch)
    for key in ("loss", "clip_fraction", "kl", "entropy", "mismatch_k1", "mismatch_k3", "grad_norm", "tokens_per_second"):
        assert key in m
    assert m["mismatch_k1"] == pytest.approx(-0.05, abs=1e-4)  # mean of (mu - pi) over loss tokens
    assert m["entropy"] > 0 and m["grad_norm"] > 0


def test_kl_to_reference_model():
    model = NemotronH(debug("ME")).init_weights(seed=3)
    ref = copy.deepcopy(model)
    batch = make_batch(model)
    trainer = Trainer(model, TrainConfig(lr=1e-2, loss=LossConfig(kl_coef=0.1)), ref_model=ref)
    assert trainer.step(batch)["kl"] == pytest.approx(0.0, abs=1e-6)  # identical weights before the first step
    assert trainer.step(batch)["kl"] > 0


def test_routing_replay_forces_recorded_experts():
    model = NemotronH(debug("E", num_experts_per_tok=2)).init_weights(seed=4).eval()
    ids = torch.randint(0, 128, (20,))
    with torch.no_grad():
        out = model.logits(model(ids))
        record = model.routing_record()
        assert set(record) == {0} and record[0].shape == (20, 2)
        same = model.logits(model(ids, forced_routing=record))
        other = (record[0] + 1) % model.config.n_routed_experts
        changed = model.logits(model(ids, forced_routing={0: other}))
    torch.testing.assert_close(same, out)
    assert not torch.allclose(changed, out)
    assert torch.equal(model.routing_record()[0], other)


def test_bf16_parameters_with_fp32_master_weights():
    model = NemotronH(debug("M*E")).init_weights(seed=5).to(torch.bfloat16)
    batch = make_batch(model)
    trainer = Trainer(model, TrainConfig(lr=1e-4))
    w0 = model.lm_head.weight.detach().float().clone()
    for _ in range(2):
        trainer.step(batch)
    assert model.lm_head.weight.dtype == torch.bfloat16
    master = trainer.optimizer.master[[n for n, _ in model.named_parameters()].index("lm_head.weight")]
    assert master.dtype == torch.float32
    torch.testing.assert_close(model.lm_head.weight.float(), master.to(torch.bfloat16).float())
    assert not torch.equal(model.lm_head.weight.float(), w0)


def test_batch_validation_errors():
    model = NemotronH(debug("M"))
    with pytest.raises(ValueError, match="cu_seqlens"):
        TrainBatch.build(input_ids=[1, 2, 3], cu_seqlens=[0, 2], loss_mask=[1, 1, 1], behaviour_logprobs=[0, 0, 0],
                         advantages=[1.0])
    with pytest.raises(ValueError, match="one per token"):
        TrainBatch.build(input_ids=[1, 2, 3], cu_seqlens=[0, 3], loss_mask=[1, 1], behaviour_logprobs=[0, 0, 0],
                         advantages=[1.0])
    with pytest.raises(ValueError, match="input_ids must lie"):
        TrainBatch.build(input_ids=[1, 2, 999], cu_seqlens=[0, 3], loss_mask=[1, 1, 1], behaviour_logprobs=[0, 0, 0],
                         advantages=[1.0], vocab_size=model.config.vocab_size)
    with pytest.raises(ValueError, match="NaN"):
        TrainBatch.build(input_ids=[1, 2, 3], cu_seqlens=[0, 3], loss_mask=[1, 1, 1],
                         behaviour_logprobs=[0, float("nan"), 0], advantages=[1.0])
    b = TrainBatch.build(input_ids=[1, 2, 3, 4], cu_seqlens=[0, 2, 4], loss_mask=[1, 1, 1, 1],
                         behaviour_logprobs=[0, -1, 0, -1], advantages=[2.0, -1.0])
    assert b.loss_mask_T.tolist() == [False, True, False, True]  # first tokens carry no logprob
    assert b.advantages_T.tolist() == [2.0, 2.0, -1.0, -1.0]


def _check_master_adamw(impl, device="cpu", dtype=torch.float32):
    """MasterWeightAdamW (clip + AdamW) against torch.optim.AdamW + clip_grad_norm_ on fp32 copies."""
    from gauntlet_engine.train.optim import MasterWeightAdamW

    torch.manual_seed(0)
    shapes = [(7, 5), (3000,), (4, 4, 4), (1,)]
    a = [torch.nn.Parameter(torch.randn(s, device=device).to(dtype)) for s in shapes]
    b = [torch.nn.Parameter(p.detach().float().clone()) for p in a]
    ours = MasterWeightAdamW(a, lr=0.01, weight_decay=0.01, impl=impl)
    ref = torch.optim.AdamW(b, lr=0.01, weight_decay=0.01)
    for _ in range(3):
        grads = [(torch.randn(s, device=device) * 5).to(dtype) for s in shapes]
        for p, q, g in zip(a, b, grads):
            p.grad, q.grad = g.clone(), g.float().clone()
        n1 = ours.clip_and_step(1.0)
        n2 = torch.nn.utils.clip_grad_norm_(b, 1.0)
        ref.step()
        ref.zero_grad()
        assert abs(n1 - float(n2)) <= 1e-4 * float(n2)
        for m, q in zip(ours.master, b):
            torch.testing.assert_close(m, q.detach(), atol=1e-5, rtol=1e-5)
        for p, m in zip(a, ours.master):
            assert torch.equal(p.detach(), m.to(dtype))


def test_master_adamw_matches_torch_adamw():
    _check_master_adamw("ref")


def test_master_adamw_triton_kernel_in_interpreter():
    in_triton_interpreter("test_train_step", "_check_master_adamw('triton')")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_master_adamw_triton_kernel_on_cuda_bf16():
    _check_master_adamw("auto", device="cuda", dtype=torch.bfloat16)


def test_entropy_bonus_gets_a_gradient():
    model = NemotronH(debug("M")).init_weights(seed=6)
    batch = make_batch(model)
    lp, ent = sequence_logprobs(model.train(), batch.input_ids_T, make_packing(batch.cu_seqlens_B1), with_entropy="grad")
    assert ent.requires_grad
    _, ent_metric = sequence_logprobs(model, batch.input_ids_T, make_packing(batch.cu_seqlens_B1))
    assert not ent_metric.requires_grad
    torch.testing.assert_close(ent, ent_metric)
