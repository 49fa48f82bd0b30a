"""AdamW over fp32 master weights for bf16 (or any low-precision) model parameters.

The model keeps bf16 parameters and bf16 gradients (half the memory of fp32 in forward/backward); the optimizer
keeps an fp32 master copy and fp32 moments. Each step clips by the global norm and applies AdamW with one fused
pass per parameter (``kernels/adamw.py``: Triton on CUDA, the same arithmetic in PyTorch elsewhere), writing
the bf16 weights from the new masters. No fp32 gradient buffer is ever allocated.
Memory per parameter: 2 (bf16 weight) + 2 (bf16 grad) + 4 (master) + 8 (moments) bytes.
"""

from __future__ import annotations

import torch

from gauntlet_engine.kernels import use_triton
from gauntlet_engine.kernels.adamw import adamw_step_ref, adamw_step_triton


class MasterWeightAdamW:
    def __init__(self, params, *, lr: float, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0,
                 impl: str = "auto"):
        self.params = [p for p in params if p.requires_grad]
        self.master = [p if p.dtype == torch.float32 else p.detach().float().clone() for p in self.params]
        self.exp_avg = [torch.zeros_like(m) for m in self.master]
        self.exp_avg_sq = [torch.zeros_like(m) for m in self.master]
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.impl = impl
        self.step_count = 0

    @torch.no_grad()
    def clip_and_step(self, max_grad_norm: float | None) -> float:
        """Clip by the global gradient norm, apply AdamW, write the new weights back. Returns the pre-clip norm."""
        live = [i for i, p in enumerate(self.params) if p.grad is not None]
        if not live:
            return 0.0
        norm = torch.linalg.vector_norm(
            torch.stack([torch.linalg.vector_norm(self.params[i].grad, dtype=torch.float32) for i in live]))
        if not torch.isfinite(norm):  # skip the update: one bad batch must not poison the weights
            self.zero_grad()
            return float(norm)
        coef = (max_grad_norm / (norm + 1e-6)).clamp(max=1.0) if max_grad_norm else torch.ones_like(norm)
        coef = coef.reshape(1).float()
        self.step_count += 1
        kw = dict(lr=self.lr, beta1=self.betas[0], beta2=self.betas[1], eps=self.eps,
                  weight_decay=self.weight_decay, step=self.step_count)
        for i in live:
            p, m = self.params[i], self.master[i]
            fast = use_triton(p, self.impl) and p.is_contiguous() and p.grad.is_contiguous()
            if fast:
                adamw_step_triton(p, p.grad, m, self.exp_avg[i], self.exp_avg_sq[i], coef=coef, **kw)
            else:
                adamw_step_ref(p, p.grad, m, self.exp_avg[i], self.exp_avg_sq[i], coef=coef, **kw)
        self.zero_grad()
        return float(norm)

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def state_dict(self):
        cpu = lambda ts: [t.detach().cpu() for t in ts]  # noqa: E731
        return {"step": self.step_count, "master": cpu(self.master), "exp_avg": cpu(self.exp_avg),
                "exp_avg_sq": cpu(self.exp_avg_sq)}

    @torch.no_grad()
    def load_state_dict(self, sd):
        if len(sd["master"]) != len(self.master):
            raise ValueError("optimizer state does not match this model's parameters")
        self.step_count = int(sd["step"])
        for dst, src in ((self.master, sd["master"]), (self.exp_avg, sd["exp_avg"]), (self.exp_avg_sq, sd["exp_avg_sq"])):
            for d, s in zip(dst, src):
                if d.shape != s.shape:
                    raise ValueError(f"optimizer state shape {tuple(s.shape)} != parameter shape {tuple(d.shape)}")
                d.copy_(s)
        for p, m in zip(self.params, self.master):
            if m is not p:
                p.copy_(m)
