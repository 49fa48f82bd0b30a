"""AdamW over fp32 master weights for bf16 (or any low-precision) model parameters.

The model keeps bf16 parameters (half the memory of fp32 in forward/backward); the optimizer keeps an fp32
copy, the fp32 Adam moments and, at step time, fp32 gradients. fp32 parameters are optimised in place.
Memory per parameter: 2 (bf16) + 4 (master) + 8 (moments) + 4 (fp32 grad during the step) bytes.
"""

from __future__ import annotations

import torch


class MasterWeightAdamW:
    def __init__(self, params, *, lr: float, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0):
        self.params = [p for p in params if p.requires_grad]
        self.master = [p if p.dtype == torch.float32 else p.detach().float().clone() for p in self.params]
        fused = bool(self.master) and self.master[0].is_cuda
        self.opt = torch.optim.AdamW(self.master, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, fused=fused)

    def clip_and_step(self, max_grad_norm: float | None) -> float:
        """Move grads to the fp32 masters, clip by global norm, step, write the new weights back. Returns the norm."""
        for p, m in zip(self.params, self.master):
            if m is not p:
                m.grad = None if p.grad is None else p.grad.float()
                p.grad = None  # free the bf16 grad as soon as its fp32 copy exists
        grads = [m for m in self.master if m.grad is not None]
        norm = torch.nn.utils.clip_grad_norm_(grads, max_grad_norm if max_grad_norm else float("inf"))
        if torch.isfinite(norm):
            self.opt.step()
            with torch.no_grad():
                for p, m in zip(self.params, self.master):
                    if m is not p:
                        p.copy_(m)
        self.zero_grad()
        return float(norm)

    def zero_grad(self):
        for p, m in zip(self.params, self.master):
            p.grad = None
            m.grad = None

    def state_dict(self):
        return {"opt": self.opt.state_dict(), "master": [m.detach().cpu() for m in self.master]}

    def load_state_dict(self, sd):
        self.opt.load_state_dict(sd["opt"])
        with torch.no_grad():
            for p, m, saved in zip(self.params, self.master, sd["master"]):
                m.copy_(saved)
                if m is not p:
                    p.copy_(m)
