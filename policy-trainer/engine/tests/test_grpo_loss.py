"""GRPO loss against values computed by hand."""

import math

import pytest
import torch

from gauntlet_engine.losses.grpo import LossConfig, Normalizer, grpo_loss, kl_penalty


def run(cfg, logp, beh, adv, mask=None, seq=None, ref=None, ent=None, norm=None):
    logp = torch.tensor(logp, dtype=torch.float64, requires_grad=True)
    T = logp.numel()
    mask = torch.ones(T, dtype=torch.bool) if mask is None else torch.tensor(mask, dtype=torch.bool)
    seq = torch.zeros(T, dtype=torch.int32) if seq is None else torch.tensor(seq, dtype=torch.int32)
    nseq = int(seq.max()) + 1
    norm = norm or Normalizer(tokens=int(mask.sum()), seqs=nseq)
    loss, sums = grpo_loss(cfg.validate(), logp_T=logp, behaviour_logp_T=torch.tensor(beh, dtype=torch.float64),
                           advantages_T=torch.tensor(adv, dtype=torch.float64), loss_mask_T=mask, seq_idx_T=seq,
                           num_seqs=nseq, norm=norm,
                           ref_logp_T=None if ref is None else torch.tensor(ref, dtype=torch.float64),
                           entropy_T=None if ent is None else torch.tensor(ent, dtype=torch.float64))
    return loss, {k: float(v) for k, v in sums.items()}, logp


def test_asymmetric_clip_and_clip_fraction():
    # token 0: A=+1, ratio 1.5 -> clipped at 1 + 0.28:  loss -1.28, no gradient
    # token 1: A=-1, ratio 0.5 -> clipped at 1 - 0.2:   loss +0.8, no gradient
    # token 2: A=+1, ratio 1.1 -> inside the clip range: loss -1.1, gradient -1.1
    cfg = LossConfig(eps_low=0.2, eps_high=0.28)
    loss, sums, logp = run(cfg, [math.log(1.5), math.log(0.5), math.log(1.1)], [0.0, 0.0, 0.0], [1.0, -1.0, 1.0])
    assert loss.item() == pytest.approx((-1.28 + 0.8 - 1.1) / 3)
    loss.backward()
    assert logp.grad.tolist() == pytest.approx([0.0, 0.0, -1.1 / 3])
    assert sums["clip_frac_sum"] == 2


def test_dual_clip_bounds_negative_advantage_loss():
    # A=-1, ratio 5: PPO clip gives max(5, 1.28) = 5; dual clip with c=3 caps it at 3 (and stops the gradient)
    cfg = LossConfig(dual_clip_c=3.0)
    loss, _, logp = run(cfg, [math.log(5.0)], [0.0], [-1.0])
    assert loss.item() == pytest.approx(3.0)
    loss.backward()
    assert logp.grad.item() == 0.0
    assert run(LossConfig(), [math.log(5.0)], [0.0], [-1.0])[0].item() == pytest.approx(5.0)


def _two_sequences(agg, **kw):
    # seq 0: 1 token with loss -2 (A=2, ratio 1); seq 1: 3 tokens with loss -1 each (A=1)
    cfg = LossConfig(aggregation=agg, **kw)
    return run(cfg, [0.0, 0.0, 0.0, 0.0], [0.0] * 4, [2.0, 1.0, 1.0, 1.0], seq=[0, 1, 1, 1])[0].item()


def test_aggregations():
    assert _two_sequences("token_mean") == pytest.approx((-2 - 3) / 4)
    assert _two_sequences("seq_mean_token_mean") == pytest.approx((-2 / 1 + -3 / 3) / 2)
    assert _two_sequences("seq_mean_token_sum_norm", dr_grpo_constant=10.0) == pytest.approx((-2 - 3) / 10 / 2)


def test_global_normalizer_makes_micro_batches_add_up():
    logp, beh, adv, seq = [0.1, -0.2, 0.3, -0.1], [0.0, -0.1, 0.2, 0.0], [1.0, 1.0, -1.0, -1.0], [0, 0, 1, 1]
    cfg = LossConfig()
    full = run(cfg, logp, beh, adv, seq=seq)[0].item()
    norm = Normalizer(tokens=4, seqs=2)
    part = run(cfg, logp[:2], beh[:2], adv[:2], norm=norm)[0].item() + run(cfg, logp[2:], beh[2:], adv[2:], norm=norm)[0].item()
    assert part == pytest.approx(full)


def test_gspo_uses_length_normalised_sequence_ratio():
    # sequence log ratios 0.1 and 0.3 -> s = exp(0.2) = 1.2214 (inside [0.8, 1.28]); A = 1 for both tokens
    cfg = LossConfig(ratio_level="sequence", aggregation="seq_mean_token_mean")
    loss, _, logp = run(cfg, [0.1, 0.3], [0.0, 0.0], [1.0, 1.0])
    assert loss.item() == pytest.approx(-math.exp(0.2))
    loss.backward()
    assert logp.grad.tolist() == pytest.approx([-math.exp(0.2) / 2] * 2)
    # sequence ratio exp(0.4) = 1.49 is clipped to 1.28 for both tokens, even though token 0 alone is inside
    assert run(cfg, [0.1, 0.7], [0.0, 0.0], [1.0, 1.0])[0].item() == pytest.approx(-1.28)


def test_kl_estimators():
    logp, ref = torch.tensor([-1.0]), torch.tensor([-1.5])
    d = -0.5  # ref - logp
    assert kl_penalty(logp, ref, "k1").item() == pytest.approx(0.5)
    assert kl_penalty(logp, ref, "k2").item() == pytest.approx(0.125)
    assert kl_penalty(logp, ref, "k3").item() == pytest.approx(math.exp(d) - d - 1)
    cfg = LossConfig(kl_coef=0.1, kl_estimator="k1")
    loss, sums, _ = run(cfg, [-1.0], [-1.0], [0.0], ref=[-1.5])
    assert loss.item() == pytest.approx(0.05)
    assert sums["kl_sum"] == pytest.approx(0.5)


def test_truncated_importance_sampling_against_behaviour():
    # proximal=current: ratio 1 in value; IS weight exp(logp - mu) = e^1 = 2.718 capped at 2
    cfg = LossConfig(proximal="current", off_policy_correction="tis", tis_cap=2.0)
    loss, sums, logp = run(cfg, [-1.0, -1.0], [-2.0, -1.1], [1.0, 1.0])
    w1 = math.exp(0.1)
    assert loss.item() == pytest.approx(-(2.0 + w1) / 2)
    loss.backward()
    assert logp.grad.tolist() == pytest.approx([-2.0 / 2, -w1 / 2])
    assert sums["mismatch_abs_sum"] == pytest.approx(1.1)


def test_sequence_mask_drops_mismatched_sequences():
    # seq 0 mean |delta| = 1.0 -> exp(1) = 2.72 > 2: masked; seq 1 mean delta 0.1 -> kept
    cfg = LossConfig(proximal="current", off_policy_correction="seq_mask", seq_mismatch_threshold=2.0)
    loss, sums, _ = run(cfg, [-1.0, -1.0, -1.0], [-2.0, -2.0, -1.1], [1.0, 1.0, 1.0], seq=[0, 0, 1])
    assert loss.item() == pytest.approx(-1.0 / 3)  # only token 2 counts; still divided by all 3 tokens
    assert sums["masked_seqs"] == 1 and sums["mismatch_seqs"] == 1


def test_loss_mask_excludes_tokens():
    loss, sums, logp = run(LossConfig(), [0.0, 0.0], [0.0, 0.0], [1.0, 5.0], mask=[True, False])
    assert loss.item() == pytest.approx(-1.0)
    loss.backward()
    assert logp.grad[1].item() == 0.0 and sums["tokens"] == 1


def test_invalid_configs_are_rejected():
    with pytest.raises(ValueError):
        LossConfig(aggregation="seq_mean_token_sum_norm").validate()
    with pytest.raises(ValueError):
        LossConfig(off_policy_correction="tis").validate()  # needs proximal="current"
    with pytest.raises(ValueError):
        LossConfig(dual_clip_c=0.5).validate()
