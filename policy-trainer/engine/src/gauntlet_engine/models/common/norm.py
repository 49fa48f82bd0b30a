"""RMSNorm and the group-wise gated RMSNorm of the Mamba-2 mixer.

Both normalise in fp32 and cast back before the weight multiply, exactly as transformers' NemotronH does,
so logits agree bit-for-bit in fp32 and closely in bf16. Without autograd (prefill, decode, no-grad scoring) on
CUDA the modules run the same math as one Triton kernel each (``kernels/rms_norm.py``).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from gauntlet_engine.kernels import compilable, use_triton
from gauntlet_engine.kernels.rms_norm import rms_norm_triton


@compilable
def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    x32 = x.float()
    x32 = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps)
    return weight * x32.to(x.dtype)


@compilable
def gated_rms_norm(x: torch.Tensor, z: torch.Tensor, weight: torch.Tensor, group_size: int, eps: float):
    h = x.float() * F.silu(z.float())
    h = h.unflatten(-1, (-1, group_size))
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return weight * h.flatten(-2).to(x.dtype)


def _inference(x: torch.Tensor) -> bool:
    return not torch.is_grad_enabled() and x.stride(-1) == 1 and use_triton(x, "auto")


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float = 1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x_TD: torch.Tensor) -> torch.Tensor:
        if _inference(x_TD):
            return rms_norm_triton(x_TD, self.weight, self.eps)
        return rms_norm(x_TD, self.weight, self.eps)


class GatedRMSNorm(nn.Module):
    """y = RMSNorm_groupwise(x * silu(z)) * weight  (gate before norm: ``norm_before_gate=False``)."""

    def __init__(self, dim: int, group_size: int, eps: float = 1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.group_size = group_size
        self.eps = eps

    def forward(self, x_TC: torch.Tensor, z_TC: torch.Tensor) -> torch.Tensor:
        if _inference(x_TC) and z_TC.stride(-1) == 1:
            return rms_norm_triton(x_TC, self.weight, self.eps, z=z_TC, group_size=self.group_size)
        return gated_rms_norm(x_TC, z_TC, self.weight, self.group_size, self.eps)
