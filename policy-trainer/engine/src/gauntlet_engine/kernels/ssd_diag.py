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
Dot operands are in the input dtype, accumulation is fp32. Status (H100, torch 2.11, triton 3.6): with fp32
operands it is exact against the reference at the benchmark's sizes (``bench/ssd_diag_probe.py``), but a
train step with it was about 2x slower than the PyTorch path (ieee fp32 dots, large register tiles); with bf16
operands at Q=128, N=128, P=64 it hit an illegal memory access. Hence opt-in (GAUNTLET_SSD_DIAG=auto).

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
              Q: tl.constexpr, N: tl.constexpr, BN: tl.constexpr):
        """M = S * L for chunk c, head h (fp32 [Q, Q]) and L. S accumulates over N in BN-wide slices so the
        operand tiles stay small in shared memory."""
        qi = tl.arange(0, Q)
        row = c * Q + qi
        S = tl.zeros((Q, Q), dtype=tl.float32)
        for n0 in tl.static_range(0, N, BN):
            nn_ = n0 + tl.arange(0, BN)
            Ct = tl.load(C_ptr + (row[:, None] * G + g) * N + nn_[None, :])
            Bt = tl.load(B_ptr + (row[:, None] * G + g) * N + nn_[None, :])
            S += tl.dot(Ct, tl.trans(Bt), input_precision="ieee")
        cum = tl.load(cum_ptr + row * H + h)
        seq = tl.load(seq_ptr + row)
        keep = (qi[:, None] >= qi[None, :]) & (seq[:, None] == seq[None, :])
        L = tl.where(keep, tl.exp(tl.where(keep, cum[:, None] - cum[None, :], 0.0)), 0.0)
        return S * L, L

    @triton.jit
    def _diag_fwd(C_ptr, B_ptr, x_ptr, cum_ptr, seq_ptr, y_ptr, H, G, R,
                  Q: tl.constexpr, N: tl.constexpr, P: tl.constexpr, BN: tl.constexpr):
        c = tl.program_id(0)
        h = tl.program_id(1)
        g = h // R
        M, L = _tile(C_ptr, B_ptr, cum_ptr, seq_ptr, c, h, g, H, G, Q, N, BN)
        qi = tl.arange(0, Q)
        pp = tl.arange(0, P)
        offs = ((c * Q + qi[:, None]) * H + h) * P + pp[None, :]
        x = tl.load(x_ptr + offs)
        # operands in the input dtype (bf16 on the model path, like mamba_ssm), fp32 accumulation
        y = tl.dot(M.to(x.dtype), x, input_precision="ieee")
        tl.store(y_ptr + offs, y)

    @triton.jit
    def _diag_bwd(C_ptr, B_ptr, x_ptr, cum_ptr, seq_ptr, dy_ptr, dx_ptr, dC_ptr, dB_ptr, dcum_ptr, H, G, R,
                  Q: tl.constexpr, N: tl.constexpr, P: tl.constexpr, BN: tl.constexpr):
        c = tl.program_id(0)
        h = tl.program_id(1)
        g = h // R
        M, L = _tile(C_ptr, B_ptr, cum_ptr, seq_ptr, c, h, g, H, G, Q, N, BN)
        qi = tl.arange(0, Q)
        pp = tl.arange(0, P)
        row = c * Q + qi
        offs = (row[:, None] * H + h) * P + pp[None, :]
        x = tl.load(x_ptr + offs)
        dy = tl.load(dy_ptr + offs).to(x.dtype)
        dx = tl.dot(tl.trans(M.to(x.dtype)), dy, input_precision="ieee")
        tl.store(dx_ptr + offs, dx)
        dM = tl.dot(dy, tl.trans(x), input_precision="ieee")
        dMM = dM * M
        dcum = tl.sum(dMM, axis=1) - tl.sum(dMM, axis=0)
        tl.store(dcum_ptr + row * H + h, dcum)
        dS = (dM * L).to(x.dtype)
        for n0 in tl.static_range(0, N, BN):
            nn_ = n0 + tl.arange(0, BN)
            Ct = tl.load(C_ptr + (row[:, None] * G + g) * N + nn_[None, :])
            Bt = tl.load(B_ptr + (row[:, None] * G + g) * N + nn_[None, :])
            hoffs = (row[:, None] * H + h) * N + nn_[None, :]
            tl.store(dC_ptr + hoffs, tl.dot(dS, Bt.to(x.dtype), input_precision="ieee"))
            tl.store(dB_ptr + hoffs, tl.dot(tl.trans(dS), Ct.to(x.dtype), input_precision="ieee"))


FALLBACKS = {"count": 0}
"""How often a launch failed (e.g. out of shared memory) and the reference ran instead."""

_BN = 32


def _launch_fwd(C, B, x, cum, seq):
    Cn, Q, G, R, P = x.shape
    H, N = G * R, C.shape[-1]
    y = torch.empty(Cn, Q, G, R, P, device=x.device, dtype=torch.float32)
    _diag_fwd[(Cn, H)](C, B, x, cum, seq, y, H, G, R, Q=Q, N=N, P=P, BN=min(_BN, N), num_warps=8, num_stages=1)
    return y


class _SSDDiag(torch.autograd.Function):
    @staticmethod
    def forward(ctx, C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ):
        args = (C_CQGN.contiguous(), B_CQGN.contiguous(), xdt_CQGRP.contiguous(), cum_CQH.contiguous(),
                seq_CQ.to(torch.int32).contiguous())
        ctx.save_for_backward(*args)
        return _launch_fwd(*args)

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
        try:
            _diag_bwd[(Cn, H)](C_CQGN, B_CQGN, xdt, cum, seq, dy, dx, dC_h, dB_h, dcum, H, G, R, Q=Q, N=N, P=P,
                               BN=min(_BN, N), num_warps=8, num_stages=1)
        except triton.runtime.errors.OutOfResources:
            FALLBACKS["count"] += 1
            with torch.enable_grad():
                leaves = [t.detach().requires_grad_() for t in (C_CQGN, B_CQGN, xdt, cum)]
                y = ssd_diag_ref(*leaves, seq)
                return (*torch.autograd.grad(y, leaves, dy), None)
        dC = dC_h.view(Cn, Q, G, R, N).sum(3).to(C_CQGN.dtype)
        dB = dB_h.view(Cn, Q, G, R, N).sum(3).to(B_CQGN.dtype)
        return dC, dB, dx.to(xdt.dtype), dcum, None


def _pow2(n: int) -> bool:
    return n >= 16 and (n & (n - 1)) == 0


def triton_supported(Q: int, N: int, P: int) -> bool:
    return triton is not None and _pow2(Q) and _pow2(N) and _pow2(P) and Q <= 256 and N <= 256 and P <= 128


@torch.compiler.disable
def ssd_diag_triton(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ):
    """The Triton path; if a kernel does not fit the device (shared memory), the reference runs instead and
    ``FALLBACKS`` counts it (tests assert it stays 0 at the model's sizes)."""
    try:
        return _SSDDiag.apply(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ)
    except triton.runtime.errors.OutOfResources:
        FALLBACKS["count"] += 1
        return ssd_diag_ref(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ)
