"""Fused AdamW step for bf16 parameters with fp32 master weights, in one pass over memory.

Per element: g = grad * clip_coef (fp32); m, v updated; master decayed and updated; the bf16 parameter is
written from the new master. Reads grad (2 B), m, v, master (12 B); writes m, v, master (12 B), param (2 B):
28 bytes per parameter, against ~48 for cast + clip + torch's fused AdamW + copy-back as separate passes.
The reference (``adamw_step_ref``) is the same arithmetic in plain PyTorch, matching torch.optim.AdamW.
"""

from __future__ import annotations

import torch

try:
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover
    triton = None


def adamw_step_ref(param, grad, master, m, v, *, lr, beta1, beta2, eps, weight_decay, step, coef):
    g = grad.float() * coef
    master.mul_(1 - lr * weight_decay)
    m.lerp_(g, 1 - beta1)
    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
    bc1, bc2 = 1 - beta1**step, 1 - beta2**step
    denom = (v / bc2).sqrt_().add_(eps)
    master.addcdiv_(m, denom, value=-lr / bc1)
    if param is not master:
        param.copy_(master)


if triton is not None:

    @triton.jit
    def _adamw_kernel(param_ptr, grad_ptr, master_ptr, m_ptr, v_ptr, coef_ptr, n,
                      lr, beta1, beta2, eps, decay, bc1, bc2, BLOCK: tl.constexpr):
        offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
        ok = offs < n
        coef = tl.load(coef_ptr)
        g = tl.load(grad_ptr + offs, mask=ok, other=0.0).to(tl.float32) * coef
        w = tl.load(master_ptr + offs, mask=ok, other=0.0)
        m = tl.load(m_ptr + offs, mask=ok, other=0.0)
        v = tl.load(v_ptr + offs, mask=ok, other=0.0)
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        w = w * decay - lr * (m / bc1) / (tl.sqrt(v / bc2) + eps)
        tl.store(m_ptr + offs, m, mask=ok)
        tl.store(v_ptr + offs, v, mask=ok)
        tl.store(master_ptr + offs, w, mask=ok)
        tl.store(param_ptr + offs, w.to(param_ptr.dtype.element_ty), mask=ok)


def adamw_step_triton(param, grad, master, m, v, *, lr, beta1, beta2, eps, weight_decay, step, coef):
    """coef: a 1-element fp32 tensor on the device (the clip coefficient; no host sync needed)."""
    n = master.numel()
    BLOCK = 2048
    _adamw_kernel[(triton.cdiv(n, BLOCK),)](
        param, grad, master, m, v, coef, n, lr, beta1, beta2, eps, 1.0 - lr * weight_decay,
        1.0 - beta1**step, 1.0 - beta2**step, BLOCK=BLOCK, num_warps=8)
