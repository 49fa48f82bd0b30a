"""Triton kernel for the SSD scan's diagonal (intra-chunk) blocks, forward and backward.

For every chunk c and head h (group g = h // R), with xdt = x * dt:
    S = C_c B_c^T                                   [Q, Q]   (per group, shared by its R heads)
    L_ij = exp(cum_i - cum_j) if j <= i and seq_i == seq_j else 0
    y_c = (S * L) @ xdt_c                           [Q, P]
This is the part of the chunked scan that the PyTorch version spends its memory on ([chunks, H, Q, Q] fp32
decay and score tensors, kept for backward). Here each program keeps one Q x Q tile in registers and the
backward recomputes it, so nothing of size Q x Q is ever written to memory.

Backward, with dM = dy xdt^T and M = S * L:
    dxdt = M^T dy,   dS = dM * L,   dC = dS B,   dB = dS^T C,   dcum_i = sum_j dM_ij M_ij - sum_j dM_ji M_ji
dC and dB are written per head and summed over each group's R heads afterwards (deterministic, no atomics).

Legend: C chunks, Q positions in a chunk, H heads, G groups, R = H / G, N state size, P head dim.
"""

from __future__ import annotations

import torch

try:
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover
    triton = None


def ssd_diag_ref(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ):
    Cn, Q, G, R, P = xdt_CQGRP.shape
    causal = torch.tril(torch.ones(Q, Q, dtype=torch.bool, device=cum_CQH.device))
    same_CQQ = (seq_CQ[:, :, None] == seq_CQ[:, None, :]) & causal
    cum_CHQ = cum_CQH.permute(0, 2, 1)
    logdecay = (cum_CHQ[:, :, :, None] - cum_CHQ[:, :, None, :]).masked_fill(~same_CQQ[:, None], float("-inf"))
    decay_CGRQQ = torch.exp(logdecay).view(Cn, G, R, Q, Q)
    CB_CGQQ = torch.einsum("cign,cjgn->cgij", C_CQGN, B_CQGN)
    M_CGRQQ = decay_CGRQQ * CB_CGQQ[:, :, None]
    return torch.einsum("cgrij,cjgrp->cigrp", M_CGRQQ, xdt_CQGRP)


if triton is not None:

    @triton.jit
    def _tile(C_ptr, B_ptr, cum_ptr, seq_ptr, c, h, g, H, G,
              Q: tl.constexpr, N: tl.constexpr):
        """S * L for chunk c, head h: returns (M [Q, Q] fp32, L, C tile, B tile)."""
        qi = tl.arange(0, Q)
        nn_ = tl.arange(0, N)
        row = c * Q + qi
        Ct = tl.load(C_ptr + (row[:, None] * G + g) * N + nn_[None, :]).to(tl.float32)
        Bt = tl.load(B_ptr + (row[:, None] * G + g) * N + nn_[None, :]).to(tl.float32)
        S = tl.dot(Ct, tl.trans(Bt), input_precision="ieee")
        cum = tl.load(cum_ptr + row * H + h)
        seq = tl.load(seq_ptr + row)
        keep = (qi[:, None] >= qi[None, :]) & (seq[:, None] == seq[None, :])
        L = tl.where(keep, tl.exp(tl.where(keep, cum[:, None] - cum[None, :], 0.0)), 0.0)
        return S * L, L, Ct, Bt

    @triton.jit
    def _diag_fwd(C_ptr, B_ptr, x_ptr, cum_ptr, seq_ptr, y_ptr, H, G, R,
                  Q: tl.constexpr, N: tl.constexpr, P: tl.constexpr):
        c = tl.program_id(0)
        h = tl.program_id(1)
        g = h // R
        M, L, Ct, Bt = _tile(C_ptr, B_ptr, cum_ptr, seq_ptr, c, h, g, H, G, Q, N)
        qi = tl.arange(0, Q)
        pp = tl.arange(0, P)
        offs = ((c * Q + qi[:, None]) * H + h) * P + pp[None, :]
        x = tl.load(x_ptr + offs).to(tl.float32)
        y = tl.dot(M, x, input_precision="ieee")
        tl.store(y_ptr + offs, y)

    @triton.jit
    def _diag_bwd(C_ptr, B_ptr, x_ptr, cum_ptr, seq_ptr, dy_ptr, dx_ptr, dC_ptr, dB_ptr, dcum_ptr, H, G, R,
                  Q: tl.constexpr, N: tl.constexpr, P: tl.constexpr):
        c = tl.program_id(0)
        h = tl.program_id(1)
        g = h // R
        M, L, Ct, Bt = _tile(C_ptr, B_ptr, cum_ptr, seq_ptr, c, h, g, H, G, Q, N)
        qi = tl.arange(0, Q)
        pp = tl.arange(0, P)
        nn_ = tl.arange(0, N)
        offs = ((c * Q + qi[:, None]) * H + h) * P + pp[None, :]
        x = tl.load(x_ptr + offs).to(tl.float32)
        dy = tl.load(dy_ptr + offs).to(tl.float32)
        dx = tl.dot(tl.trans(M), dy, input_precision="ieee")
        tl.store(dx_ptr + offs, dx)
        dM = tl.dot(dy, tl.trans(x), input_precision="ieee")
        dMM = dM * M
        dcum = tl.sum(dMM, axis=1) - tl.sum(dMM, axis=0)
        tl.store(dcum_ptr + (c * Q + qi) * H + h, dcum)
        dS = dM * L
        dC = tl.dot(dS, Bt, input_precision="ieee")
        dB = tl.dot(tl.trans(dS), Ct, input_precision="ieee")
        hoffs = ((c * Q + qi[:, None]) * H + h) * N + nn_[None, :]
        tl.store(dC_ptr + hoffs, dC)
        tl.store(dB_ptr + hoffs, dB)


class _SSDDiag(torch.autograd.Function):
    @staticmethod
    def forward(ctx, C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ):
        Cn, Q, G, R, P = xdt_CQGRP.shape
        H, N = G * R, C_CQGN.shape[-1]
        C_CQGN, B_CQGN, xdt_CQGRP = C_CQGN.contiguous(), B_CQGN.contiguous(), xdt_CQGRP.contiguous()
        cum_CQH, seq = cum_CQH.contiguous(), seq_CQ.to(torch.int32).contiguous()
        y = torch.empty(Cn, Q, G, R, P, device=xdt_CQGRP.device, dtype=torch.float32)
        _diag_fwd[(Cn, H)](C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq, y, H, G, R, Q=Q, N=N, P=P, num_warps=8)
        ctx.save_for_backward(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq)
        return y

    @staticmethod
    def backward(ctx, dy):
        C_CQGN, B_CQGN, xdt, cum, seq = ctx.saved_tensors
        Cn, Q, G, R, P = xdt.shape
        H, N = G * R, C_CQGN.shape[-1]
        dy = dy.contiguous().float()
        dx = torch.empty(xdt.shape, device=xdt.device, dtype=torch.float32)
        dC_h = torch.empty(Cn, Q, H, N, device=xdt.device, dtype=torch.float32)
        dB_h = torch.empty_like(dC_h)
        dcum = torch.empty(Cn, Q, H, device=xdt.device, dtype=torch.float32)
        _diag_bwd[(Cn, H)](C_CQGN, B_CQGN, xdt, cum, seq, dy, dx, dC_h, dB_h, dcum, H, G, R, Q=Q, N=N, P=P,
                           num_warps=8)
        dC = dC_h.view(Cn, Q, G, R, N).sum(3).to(C_CQGN.dtype)
        dB = dB_h.view(Cn, Q, G, R, N).sum(3).to(B_CQGN.dtype)
        return dC, dB, dx.to(xdt.dtype), dcum, None


def _pow2(n: int) -> bool:
    return n >= 16 and (n & (n - 1)) == 0


def triton_supported(Q: int, N: int, P: int) -> bool:
    return triton is not None and _pow2(Q) and _pow2(N) and _pow2(P) and Q <= 256 and N <= 256 and P <= 128


@torch.compiler.disable
def ssd_diag_triton(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ):
    return _SSDDiag.apply(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ)
