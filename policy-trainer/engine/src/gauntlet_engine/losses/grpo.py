"""GRPO-family policy loss over packed sequences.

Per token t of sequence b (mask m_t = 1 where the policy sampled the token):
    r_t   = exp(logp_t - old_t)                          token ratio (``ratio_level="token"``), or
    r_t   = sg[s_b] * exp(logp_t - sg[logp_t]),  s_b = exp(mean_t (logp_t - old_t))       GSPO (``"sequence"``)
    pg_t  = max(-A_t r_t, -A_t clip(r_t, 1 - eps_low, 1 + eps_high));  with dual clip c: min(pg_t, -A_t c) if A_t < 0
    l_t   = w_t pg_t + beta KL_t - entropy_coef H_t       (w_t: off-policy correction weight, detached)
``old`` is the behaviour (rollout) logprob (``proximal="behaviour"``, the ratio itself corrects for staleness), or
the current weights' own logprob, detached (``proximal="current"``: plain on-policy gradient, with truncated IS
``w_t = min(exp(logp_t - mu_t), tis_cap)`` and/or masking of sequences whose geometric-mean probability ratio
to the behaviour policy is off by more than ``seq_mismatch_threshold``).

Aggregation, always divided by a count over the WHOLE step batch (``Normalizer``), so splitting the batch into
micro-batches gives the same loss and gradient:
    token_mean                sum_{b,t} m l / (masked tokens in the batch)                     (DAPO)
    seq_mean_token_mean       sum_b [sum_t m l / n_b] / (sequences in the batch)                (GRPO)
    seq_mean_token_sum_norm   sum_b [sum_t m l / dr_grpo_constant] / (sequences in the batch)  (Dr. GRPO)

Legend: T tokens (packed), B sequences.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

import torch

# Bound on |log ratio| before exp(): a large generator/trainer mismatch must not overflow to inf.
_MAX_LOG_RATIO = 20.0


@dataclass(kw_only=True, slots=True)
class LossConfig:
    eps_low: float = 0.2
    """Lower clip: the ratio is clamped to at least 1 - eps_low."""
    eps_high: float = 0.28
    """Upper clip: the ratio is clamped to at most 1 + eps_high (DAPO clip-higher; 0.2 for symmetric PPO)."""
    dual_clip_c: float | None = None
    """Dual-clip bound for negative advantages (e.g. 3.0); None disables it."""
    ratio_level: Literal["token", "sequence"] = "token"
    """``sequence`` is GSPO: one length-normalised ratio per sequence."""
    aggregation: Literal["token_mean", "seq_mean_token_mean", "seq_mean_token_sum_norm"] = "token_mean"
    dr_grpo_constant: float | None = None
    """Divisor for ``seq_mean_token_sum_norm`` (Dr. GRPO, e.g. the max response length); required for it."""
    kl_coef: float = 0.0
    """Weight of the KL penalty to the reference policy (0 disables it and no reference is needed)."""
    kl_estimator: Literal["k1", "k2", "k3"] = "k3"
    entropy_coef: float = 0.0
    """Entropy bonus weight (entropy is always reported as a metric)."""
    proximal: Literal["behaviour", "current"] = "behaviour"
    off_policy_correction: Literal["none", "tis", "seq_mask", "tis_seq_mask"] = "none"
    """Only with ``proximal="current"``: truncated IS weights, sequence masking, or both."""
    tis_cap: float = 2.0
    seq_mismatch_threshold: float = 2.0
    """Mask a sequence when exp(|mean_t(logp - mu)|) exceeds this (its geometric-mean ratio is off by > x)."""

    def validate(self) -> "LossConfig":
        if not (0 <= self.eps_low < 1 and self.eps_high >= 0):
            raise ValueError(f"need 0 <= eps_low < 1 and eps_high >= 0, got {self.eps_low}, {self.eps_high}")
        if self.dual_clip_c is not None and self.dual_clip_c <= 1:
            raise ValueError(f"dual_clip_c must be > 1, got {self.dual_clip_c}")
        if self.aggregation == "seq_mean_token_sum_norm" and not self.dr_grpo_constant:
            raise ValueError("aggregation seq_mean_token_sum_norm needs dr_grpo_constant")
        if self.off_policy_correction != "none" and self.proximal != "current":
            raise ValueError("off_policy_correction applies with proximal='current' (the ratio already corrects otherwise)")
        hints = typing.get_type_hints(LossConfig)
        for name in ("ratio_level", "aggregation", "kl_estimator", "proximal", "off_policy_correction"):
            allowed = typing.get_args(hints[name])
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {getattr(self, name)!r}")
        return self


@dataclass(frozen=True, slots=True)
class Normalizer:
    """Counts over the whole step batch (all micro-batches), fixed before the first micro-batch."""

    tokens: int
    seqs: int


def normalizer_for(loss_mask_T: torch.Tensor, seq_idx_T: torch.Tensor, num_seqs: int) -> Normalizer:
    per_seq = torch.zeros(num_seqs, device=loss_mask_T.device).index_add_(0, seq_idx_T.long(), loss_mask_T.float())
    return Normalizer(tokens=max(int(loss_mask_T.sum()), 1), seqs=max(int((per_seq > 0).sum()), 1))


def kl_penalty(logp_T: torch.Tensor, ref_logp_T: torch.Tensor, estimator: str) -> torch.Tensor:
    """Per-token estimate of KL(pi || ref) from samples of pi (Schulman's k1, k2, k3)."""
    d = (ref_logp_T - logp_T).clamp(-_MAX_LOG_RATIO, _MAX_LOG_RATIO)
    if estimator == "k1":
        return -d
    if estimator == "k2":
        return 0.5 * d.square()
    return torch.exp(d) - d - 1.0


def _per_seq_sum(v_T, seq_idx_T, num_seqs):
    return torch.zeros(num_seqs, dtype=v_T.dtype, device=v_T.device).index_add(0, seq_idx_T.long(), v_T)


def grpo_loss(
    cfg: LossConfig,
    *,
    logp_T: torch.Tensor,
    behaviour_logp_T: torch.Tensor,
    advantages_T: torch.Tensor,
    loss_mask_T: torch.Tensor,
    seq_idx_T: torch.Tensor,
    num_seqs: int,
    norm: Normalizer,
    ref_logp_T: torch.Tensor | None = None,
    entropy_T: torch.Tensor | None = None,
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Loss of one micro-batch (already divided by the batch-wide normaliser) and metric SUMS (0-dim tensors).

    Metric sums are over masked tokens (``*_sum``) or sequences; the trainer adds them over micro-batches and
    divides by ``norm`` at the end, so metrics are also independent of the micro-batch split.
    """
    m_T = loss_mask_T.to(logp_T.dtype)
    seq_T = seq_idx_T.long()
    n_B = _per_seq_sum(m_T, seq_T, num_seqs)
    behaviour_logp_T = behaviour_logp_T.to(logp_T.dtype)
    old_T = behaviour_logp_T if cfg.proximal == "behaviour" else logp_T.detach()

    log_ratio_T = (logp_T - old_T).clamp(-_MAX_LOG_RATIO, _MAX_LOG_RATIO)
    if cfg.ratio_level == "sequence":
        seq_lr_B = _per_seq_sum(log_ratio_T.detach() * m_T, seq_T, num_seqs) / n_B.clamp(min=1)
        ratio_T = torch.exp(seq_lr_B[seq_T] + logp_T - logp_T.detach())
    else:
        ratio_T = torch.exp(log_ratio_T)

    adv_T = advantages_T.to(logp_T.dtype)
    pg1_T = -adv_T * ratio_T
    pg2_T = -adv_T * ratio_T.clamp(1.0 - cfg.eps_low, 1.0 + cfg.eps_high)
    pg_T = torch.maximum(pg1_T, pg2_T)
    clipped_T = (pg2_T > pg1_T).to(m_T.dtype)
    if cfg.dual_clip_c is not None:
        pg3_T = -adv_T * cfg.dual_clip_c
        dual_T = (adv_T < 0) & (pg_T > pg3_T)
        pg_T = torch.where(dual_T, pg3_T, pg_T)
        clipped_T = torch.maximum(clipped_T, dual_T.to(m_T.dtype))

    # off-policy diagnostics against the behaviour policy (always reported)
    with torch.no_grad():
        delta_T = (logp_T.detach() - behaviour_logp_T).clamp(-_MAX_LOG_RATIO, _MAX_LOG_RATIO)
        seq_delta_B = _per_seq_sum(delta_T * m_T, seq_T, num_seqs) / n_B.clamp(min=1)
        seq_bad_B = (torch.exp(seq_delta_B.abs()) > cfg.seq_mismatch_threshold) & (n_B > 0)
        w_T = torch.ones_like(m_T)
        if cfg.off_policy_correction in ("tis", "tis_seq_mask"):
            w_T = torch.exp(delta_T).clamp(max=cfg.tis_cap)
        keep_T = torch.ones_like(m_T)
        if cfg.off_policy_correction in ("seq_mask", "tis_seq_mask"):
            keep_T = (~seq_bad_B[seq_T]).to(m_T.dtype)

    loss_T = pg_T * w_T
    kl_T = None
    if cfg.kl_coef:
        if ref_logp_T is None:
            raise ValueError("kl_coef > 0 needs reference logprobs")
        kl_T = kl_penalty(logp_T, ref_logp_T.to(logp_T.dtype), cfg.kl_estimator)
        loss_T = loss_T + cfg.kl_coef * kl_T
    if cfg.entropy_coef:
        if entropy_T is None:
            raise ValueError("entropy_coef > 0 needs entropies")
        loss_T = loss_T - cfg.entropy_coef * entropy_T
    lm_T = loss_T * m_T * keep_T

    if cfg.aggregation == "token_mean":
        loss = lm_T.sum() / norm.tokens
    elif cfg.aggregation == "seq_mean_token_mean":
        loss = (_per_seq_sum(lm_T, seq_T, num_seqs) / n_B.clamp(min=1)).sum() / norm.seqs
    else:
        loss = lm_T.sum() / cfg.dr_grpo_constant / norm.seqs

    with torch.no_grad():
        # 0-dim tensors, not Python floats: no host sync per micro-batch (the trainer syncs once per step)
        masked_seqs = seq_bad_B.sum() if cfg.off_policy_correction in ("seq_mask", "tis_seq_mask") else m_T.new_zeros(())
        sums = {
            "tokens": m_T.sum(),
            "seqs": (n_B > 0).sum(),
            "clip_frac_sum": (clipped_T * m_T).sum(),
            "ratio_sum": (ratio_T.detach() * m_T).sum(),
            "mismatch_k1_sum": (-delta_T * m_T).sum(),
            "mismatch_k3_sum": ((torch.exp(delta_T) - delta_T - 1) * m_T).sum(),
            "mismatch_abs_sum": (delta_T.abs() * m_T).sum(),
            "is_weight_sum": (w_T * m_T).sum(),
            "masked_seqs": masked_seqs,
            "mismatch_seqs": seq_bad_B.sum(),
        }
        if kl_T is not None:
            sums["kl_sum"] = (kl_T.detach() * m_T).sum()
        if entropy_T is not None:
            sums["entropy_sum"] = (entropy_T.detach() * m_T).sum()
    return loss, sums
