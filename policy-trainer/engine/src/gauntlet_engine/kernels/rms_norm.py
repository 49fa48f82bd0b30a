"""Forward-only RMSNorm and gated group RMSNorm in one Triton kernel each call, for inference (no autograd).

In PyTorch each norm is a chain of six to nine kernels (cast, square, mean, add, rsqrt, multiply, cast, weight;
the gated form adds silu and a product), and a decode step runs 34 of them. Here each norm is one kernel with
the same math as ``models.common.norm`` (fp32 statistics, the normalised value rounded to the input dtype
before the weight multiply), so prefill and decode agree with the train forward up to fp32 summation order.
The train path keeps the PyTorch functions, whose backward autograd derives.

Legend: R rows, C channels, G groups (the gated form normalises each group of ``group_size`` channels).
"""

from __future__ import annotations

import torch

try:
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover - triton ships with Linux torch wheels
    triton = None


if triton is not None:

    @triton.jit
    def _rms_norm_kernel(
        x_ptr, z_ptr, w_ptr, y_ptr, stride_x, stride_z, stride_y, eps,
        GROUP: tl.constexpr, GATED: tl.constexpr, BLOCK: tl.constexpr,
    ):
        r = tl.program_id(0)
        c = tl.program_id(1) * GROUP + tl.arange(0, BLOCK)
        mask = tl.arange(0, BLOCK) < GROUP
        x = tl.load(x_ptr + r * stride_x + c, mask=mask, other=0.0)
        h = x.to(tl.float32)
        if GATED:
            z = tl.load(z_ptr + r * stride_z + c, mask=mask, other=0.0).to(tl.float32)
            h = h * (z / (1.0 + tl.exp(-z)))
        h = h * tl.rsqrt(tl.sum(h * h, axis=0) / GROUP + eps)
        w = tl.load(w_ptr + c, mask=mask, other=0.0).to(tl.float32)
        y = w * h.to(x.dtype).to(tl.float32)
        tl.store(y_ptr + r * stride_y + c, y.to(y_ptr.dtype.element_ty), mask=mask)


def rms_norm_triton(x: torch.Tensor, weight: torch.Tensor, eps: float, z: torch.Tensor | None = None,
                    group_size: int | None = None) -> torch.Tensor:
    """``weight * norm(x)`` over the last dim (per group of ``group_size`` when given), gated by silu(z) if given."""
    C = x.shape[-1]
    group = group_size or C
    assert C % group == 0 and x.stride(-1) == 1 and weight.is_contiguous()
    x2 = x.reshape(-1, C)
    z2 = z.reshape(-1, C) if z is not None else x2
    assert z2.stride(-1) == 1
    y2 = torch.empty(x2.shape, dtype=torch.result_type(weight, x), device=x.device)
    _rms_norm_kernel[(x2.shape[0], C // group)](
        x2, z2, weight, y2, x2.stride(0), z2.stride(0), y2.stride(0), float(eps),
        GROUP=group, GATED=z is not None, BLOCK=triton.next_power_of_2(group),
    )
    return y2.view(x.shape)
