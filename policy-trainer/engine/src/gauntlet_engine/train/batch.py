"""The train-step input: a packed batch of rollouts with per-token loss masks, behaviour logprobs, advantages.

Alignment: entry t of every per-token array belongs to ``input_ids[t]``; ``behaviour_logprobs[t]`` is
log mu(input_ids[t] | earlier tokens of the same sequence). The first token of a sequence has no logprob, so
its loss mask is forced to 0. Loss-mask 0 marks prompt, environment and budget-forced tokens.

Legend: T tokens, B sequences, X experts per token.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import torch

from gauntlet_engine.packing import validate_cu_seqlens


@dataclass(slots=True)
class TrainBatch:
    input_ids_T: torch.Tensor
    cu_seqlens_B1: torch.Tensor
    loss_mask_T: torch.Tensor
    behaviour_logprobs_T: torch.Tensor
    advantages_T: torch.Tensor
    ref_logprobs_T: torch.Tensor | None = None
    """Optional precomputed reference-policy logprobs (else the engine's reference model computes them)."""
    routing: dict[int, torch.Tensor] = field(default_factory=dict)
    """Routing replay: {MoE layer index: expert ids [T, X]} recorded at generation."""

    @property
    def num_tokens(self) -> int:
        return self.input_ids_T.numel()

    @property
    def num_seqs(self) -> int:
        return self.cu_seqlens_B1.numel() - 1

    @classmethod
    def build(cls, *, input_ids, cu_seqlens, loss_mask, behaviour_logprobs, advantages, ref_logprobs=None,
              routing=None, vocab_size: int | None = None) -> "TrainBatch":
        """Validate shapes and values (ValueError with the reason) and normalise dtypes.

        ``advantages`` may be per token [T] or per sequence [B] (broadcast over the sequence's tokens).
        """
        ids = torch.as_tensor(input_ids).long().reshape(-1)
        T = ids.numel()
        if T == 0:
            raise ValueError("input_ids is empty")
        cu = torch.as_tensor(cu_seqlens).to(torch.int32).reshape(-1)
        validate_cu_seqlens(cu, T)
        B = cu.numel() - 1
        if vocab_size is not None and (int(ids.min()) < 0 or int(ids.max()) >= vocab_size):
            raise ValueError(f"input_ids must lie in [0, {vocab_size}), got [{int(ids.min())}, {int(ids.max())}]")

        def per_token(name, v, dtype):
            t = torch.as_tensor(v).reshape(-1)
            if t.numel() != T:
                raise ValueError(f"{name} has {t.numel()} entries, expected one per token ({T})")
            t = t.to(dtype)
            if t.is_floating_point() and not torch.isfinite(t).all():
                raise ValueError(f"{name} contains NaN or infinity")
            return t

        mask = per_token("loss_mask", loss_mask, torch.bool).clone()
        mask[cu[:-1].long()] = False  # no logprob for a sequence's first token
        adv = torch.as_tensor(advantages).reshape(-1).float()
        if adv.numel() == B and B != T:
            adv = torch.repeat_interleave(adv, (cu[1:] - cu[:-1]).long())
        adv = per_token("advantages", adv, torch.float32)
        beh = per_token("behaviour_logprobs", behaviour_logprobs, torch.float32)
        if bool((beh[mask] > 1e-4).any()):
            raise ValueError("behaviour_logprobs must be <= 0 on loss-masked tokens (they are log-probabilities)")
        ref = per_token("ref_logprobs", ref_logprobs, torch.float32) if ref_logprobs is not None else None
        rout = {}
        for layer, idx in (routing or {}).items():
            idx = torch.as_tensor(idx).long()
            if idx.dim() != 2 or idx.shape[0] != T:
                raise ValueError(f"routing for layer {layer} must be [T, top_k], got {tuple(idx.shape)}")
            rout[int(layer)] = idx
        return cls(ids, cu, mask, beh, adv, ref, rout)

    def to(self, device) -> "TrainBatch":
        mv = lambda t: None if t is None else t.to(device, non_blocking=True)  # noqa: E731
        return replace(self, input_ids_T=mv(self.input_ids_T), cu_seqlens_B1=mv(self.cu_seqlens_B1),
                       loss_mask_T=mv(self.loss_mask_T), behaviour_logprobs_T=mv(self.behaviour_logprobs_T),
                       advantages_T=mv(self.advantages_T), ref_logprobs_T=mv(self.ref_logprobs_T),
                       routing={k: mv(v) for k, v in self.routing.items()})

    def split(self, max_tokens: int) -> list["TrainBatch"]:
        """Micro-batches of whole sequences, each at most max_tokens long (a longer sequence goes alone)."""
        cu = self.cu_seqlens_B1.tolist()
        groups, start = [], 0
        for b in range(1, len(cu)):
            if cu[b] - cu[start] > max_tokens and b - 1 > start:
                groups.append((start, b - 1))
                start = b - 1
        groups.append((start, len(cu) - 1))
        out = []
        for s, e in groups:
            lo, hi = cu[s], cu[e]
            sl = slice(lo, hi)
            out.append(TrainBatch(
                self.input_ids_T[sl], self.cu_seqlens_B1[s : e + 1] - lo, self.loss_mask_T[sl],
                self.behaviour_logprobs_T[sl], self.advantages_T[sl],
                None if self.ref_logprobs_T is None else self.ref_logprobs_T[sl],
                {k: v[sl] for k, v in self.routing.items()},
            ))
        return out
