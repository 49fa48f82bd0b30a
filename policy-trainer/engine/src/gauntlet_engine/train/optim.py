"""AdamW over fp32 master weights for bf16 (or any low-precision) model parameters.

The model keeps bf16 parameters (half the memory of fp32 in forward/backward); the optimizer keeps an fp32
copy and the fp32 Adam moments. The step runs bucket by bucket (a fused AdamW per bucket): each bucket's
bf16 gradients are cast to fp32, clipped, applied, and the new weights copied back before the next bucket, so
only one bucket of fp32 gradients exists at a time. fp32 parameters are optimised in place.
Memory per parameter: 2 (bf16 weight) + 2 (bf16 grad) + 4 (master) + 8 (moments) bytes, plus one bucket.
"""

from __future__ import annotations

import torch

BUCKET_BYTES = 1 << 30  # fp32 gradient bytes converted at once


class MasterWeightAdamW:
    def __init__(self, params, *, lr: float, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0,
                 bucket_bytes: int = BUCKET_BYTES):
        self.params = [p for p in params if p.requires_grad]
        self.master = [p if p.dtype == torch.float32 else p.detach().float().clone() for p in self.params]
        buckets, size = [[]], 0
        for i, m in enumerate(self.master):
            if buckets[-1] and size + 4 * m.numel() > bucket_bytes:
                buckets.append([])
                size = 0
            buckets[-1].append(i)
            size += 4 * m.numel()
        self.buckets = [b for b in buckets if b]
        fused = bool(self.master) and self.master[0].is_cuda
        self.opts = [torch.optim.AdamW([self.master[i] for i in b], lr=lr, betas=betas, eps=eps,
                                       weight_decay=weight_decay, fused=fused) for b in self.buckets]

    @torch.no_grad()
    def clip_and_step(self, max_grad_norm: float | None) -> float:
        """Clip by the global gradient norm, step, write the new weights back. Returns the (pre-clip) norm."""
        grads = [p.grad for p in self.params if p.grad is not None]
        if not grads:
            return 0.0
        norms = [torch.linalg.vector_norm(g, dtype=torch.float32) for g in grads]
        norm = torch.linalg.vector_norm(torch.stack(norms))
        if not torch.isfinite(norm):  # skip the update, keep the weights: one bad batch must not poison them
            self.zero_grad()
            return float(norm)
        coef = (max_grad_norm / (norm + 1e-6)).clamp(max=1.0) if max_grad_norm else None
        for bucket, opt in zip(self.buckets, self.opts):
            live = []
            for i in bucket:
                p, m = self.params[i], self.master[i]
                if p.grad is None:
                    continue
                if m is not p:
                    m.grad = p.grad.float()
                    p.grad = None
                live.append(i)
            if coef is not None and live:
                torch._foreach_mul_([self.master[i].grad for i in live], coef)
            opt.step()
            for i in bucket:
                p, m = self.params[i], self.master[i]
                if m is not p:
                    p.copy_(m)
                m.grad = None
                p.grad = None
        return float(norm)

    def zero_grad(self):
        for p, m in zip(self.params, self.master):
            p.grad = None
            m.grad = None

    def state_dict(self):
        return {"opts": [o.state_dict() for o in self.opts], "master": [m.detach().cpu() for m in self.master]}

    def load_state_dict(self, sd):
        if len(sd["opts"]) != len(self.opts) or len(sd["master"]) != len(self.master):
            raise ValueError("optimizer state does not match this model's parameters")
        for o, s in zip(self.opts, sd["opts"]):
            o.load_state_dict(s)
        with torch.no_grad():
            for p, m, saved in zip(self.params, self.master, sd["master"]):
                m.copy_(saved)
                if m is not p:
                    p.copy_(m)
