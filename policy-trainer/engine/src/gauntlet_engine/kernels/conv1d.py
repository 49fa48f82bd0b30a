"""Causal depthwise conv1d over a packed token stream, with sequence boundaries (``seq_idx``).

out[t, c] = act(bias[c] + sum_k w[c, k] * x[t - (W-1) + k, c]),   terms from another sequence count as 0.

Layout: x_TC is token-major ([T, C], channels contiguous), which is what ``in_proj`` produces, so no transpose
is needed and loads along C are coalesced. The Triton kernels fuse the SiLU; the backward recomputes the
pre-activation instead of saving it (one extra read of x, no extra [T, C] activation kept for backward).

Legend: T tokens, C channels, W kernel width.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from gauntlet_engine.kernels import use_triton

try:
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover - triton ships with Linux torch wheels
    triton = None


def causal_conv1d_ref(
    x_TC: torch.Tensor,
    weight_CW: torch.Tensor,
    bias_C: torch.Tensor | None,
    seq_idx_T: torch.Tensor | None,
    activation: str | None = "silu",
) -> torch.Tensor:
    """Reference: W shifted copies, each masked where the source token is in another sequence."""
    T, _ = x_TC.shape
    W = weight_CW.shape[1]
    xf = x_TC.to(weight_CW.dtype)
    x_pad = F.pad(xf, (0, 0, W - 1, 0))
    out_TC = torch.zeros_like(xf) if bias_C is None else bias_C.expand_as(xf).clone()
    if seq_idx_T is not None:
        seq_pad = F.pad(seq_idx_T, (W - 1, 0), value=-1)
    for k in range(W):
        term = x_pad[k : k + T] * weight_CW[:, k]
        if seq_idx_T is not None:
            term = term * (seq_pad[k : k + T] == seq_idx_T).unsqueeze(-1).to(term.dtype)
        out_TC = out_TC + term
    if activation == "silu":
        out_TC = F.silu(out_TC)
    elif activation is not None:
        raise ValueError(f"unsupported activation {activation!r}")
    return out_TC.to(x_TC.dtype)


if triton is not None:

    @triton.jit
    def _conv_fwd_kernel(
        x_ptr, w_ptr, b_ptr, seq_ptr, out_ptr,
        T, C,
        W: tl.constexpr, HAS_BIAS: tl.constexpr, SILU: tl.constexpr,
        BLOCK_T: tl.constexpr, BLOCK_C: tl.constexpr,
    ):
        pid_t = tl.program_id(0)
        pid_c = tl.program_id(1)
        t = pid_t * BLOCK_T + tl.arange(0, BLOCK_T)
        c = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
        t_ok = t < T
        c_ok = c < C
        seq_t = tl.load(seq_ptr + t, mask=t_ok, other=-1)
        acc = tl.zeros((BLOCK_T, BLOCK_C), dtype=tl.float32)
        if HAS_BIAS:
            acc += tl.load(b_ptr + c, mask=c_ok, other=0.0).to(tl.float32)[None, :]
        for k in tl.static_range(W):
            src = t - (W - 1) + k
            src_ok = t_ok & (src >= 0)
            seq_s = tl.load(seq_ptr + src, mask=src_ok, other=-2)
            row_ok = src_ok & (seq_s == seq_t)
            xv = tl.load(x_ptr + src[:, None] * C + c[None, :], mask=row_ok[:, None] & c_ok[None, :], other=0.0)
            wv = tl.load(w_ptr + c * W + k, mask=c_ok, other=0.0)
            acc += xv.to(tl.float32) * wv.to(tl.float32)[None, :]
        if SILU:
            acc = acc * tl.sigmoid(acc)
        tl.store(out_ptr + t[:, None] * C + c[None, :], acc.to(out_ptr.dtype.element_ty),
                 mask=t_ok[:, None] & c_ok[None, :])

    @triton.jit
    def _conv_bwd_dpre_kernel(
        x_ptr, w_ptr, b_ptr, seq_ptr, dout_ptr, dpre_ptr,
        T, C,
        W: tl.constexpr, HAS_BIAS: tl.constexpr, SILU: tl.constexpr,
        BLOCK_T: tl.constexpr, BLOCK_C: tl.constexpr,
    ):
        """dpre = dout * act'(pre), recomputing pre from x (fp32 output)."""
        pid_t = tl.program_id(0)
        pid_c = tl.program_id(1)
        t = pid_t * BLOCK_T + tl.arange(0, BLOCK_T)
        c = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
        t_ok = t < T
        c_ok = c < C
        mask2 = t_ok[:, None] & c_ok[None, :]
        dout = tl.load(dout_ptr + t[:, None] * C + c[None, :], mask=mask2, other=0.0).to(tl.float32)
        if SILU:
            seq_t = tl.load(seq_ptr + t, mask=t_ok, other=-1)
            pre = tl.zeros((BLOCK_T, BLOCK_C), dtype=tl.float32)
            if HAS_BIAS:
                pre += tl.load(b_ptr + c, mask=c_ok, other=0.0).to(tl.float32)[None, :]
            for k in tl.static_range(W):
                src = t - (W - 1) + k
                src_ok = t_ok & (src >= 0)
                seq_s = tl.load(seq_ptr + src, mask=src_ok, other=-2)
                row_ok = src_ok & (seq_s == seq_t)
                xv = tl.load(x_ptr + src[:, None] * C + c[None, :], mask=row_ok[:, None] & c_ok[None, :], other=0.0)
                wv = tl.load(w_ptr + c * W + k, mask=c_ok, other=0.0)
                pre += xv.to(tl.float32) * wv.to(tl.float32)[None, :]
            sig = tl.sigmoid(pre)
            dout = dout * sig * (1.0 + pre * (1.0 - sig))
        tl.store(dpre_ptr + t[:, None] * C + c[None, :], dout, mask=mask2)

    @triton.jit
    def _conv_bwd_dx_dw_kernel(
        x_ptr, w_ptr, seq_ptr, dpre_ptr, dx_ptr, dw_partial_ptr,
        T, C,
        W: tl.constexpr, BLOCK_T: tl.constexpr, BLOCK_C: tl.constexpr,
    ):
        """dx[t] = sum_k w[k] dpre[t + W-1-k] (same sequence); per-block partial dw[c, k]."""
        pid_t = tl.program_id(0)
        pid_c = tl.program_id(1)
        t = pid_t * BLOCK_T + tl.arange(0, BLOCK_T)
        c = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
        t_ok = t < T
        c_ok = c < C
        seq_t = tl.load(seq_ptr + t, mask=t_ok, other=-1)
        dx = tl.zeros((BLOCK_T, BLOCK_C), dtype=tl.float32)
        # dpre of this block's own rows, reused for every dw tap
        dpre_t = tl.load(dpre_ptr + t[:, None] * C + c[None, :], mask=t_ok[:, None] & c_ok[None, :], other=0.0)
        for k in tl.static_range(W):
            # x[t] feeds out[t + (W-1) - k] through tap k
            dst = t + (W - 1) - k
            dst_ok = t_ok & (dst < T)
            seq_d = tl.load(seq_ptr + dst, mask=dst_ok, other=-2)
            row_ok = dst_ok & (seq_d == seq_t)
            g = tl.load(dpre_ptr + dst[:, None] * C + c[None, :], mask=row_ok[:, None] & c_ok[None, :], other=0.0)
            wv = tl.load(w_ptr + c * W + k, mask=c_ok, other=0.0).to(tl.float32)
            dx += g * wv[None, :]
            # dw[c, k] += dpre[t] * x[t - (W-1) + k] over this block's rows t
            src = t - (W - 1) + k
            src_ok = t_ok & (src >= 0)
            seq_s = tl.load(seq_ptr + src, mask=src_ok, other=-2)
            s_ok = src_ok & (seq_s == seq_t)
            xv = tl.load(x_ptr + src[:, None] * C + c[None, :], mask=s_ok[:, None] & c_ok[None, :], other=0.0)
            part = tl.sum(dpre_t * xv.to(tl.float32), axis=0)
            tl.store(dw_partial_ptr + pid_t * C * W + c * W + k, part, mask=c_ok)
        tl.store(dx_ptr + t[:, None] * C + c[None, :], dx.to(dx_ptr.dtype.element_ty),
                 mask=t_ok[:, None] & c_ok[None, :])


_BLOCK_T, _BLOCK_C = 64, 64


class _CausalConv1dFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x_TC, weight_CW, bias_C, seq_idx_T, silu):
        x_TC = x_TC.contiguous()
        weight_CW = weight_CW.contiguous()
        T, C = x_TC.shape
        W = weight_CW.shape[1]
        out = torch.empty_like(x_TC)
        grid = (triton.cdiv(T, _BLOCK_T), triton.cdiv(C, _BLOCK_C))
        b = bias_C if bias_C is not None else weight_CW  # dummy pointer when there is no bias
        _conv_fwd_kernel[grid](x_TC, weight_CW, b, seq_idx_T, out, T, C, W=W, HAS_BIAS=bias_C is not None,
                               SILU=silu, BLOCK_T=_BLOCK_T, BLOCK_C=_BLOCK_C)
        ctx.save_for_backward(x_TC, weight_CW, bias_C, seq_idx_T)
        ctx.silu = silu
        return out

    @staticmethod
    def backward(ctx, dout_TC):
        x_TC, weight_CW, bias_C, seq_idx_T = ctx.saved_tensors
        T, C = x_TC.shape
        W = weight_CW.shape[1]
        dout_TC = dout_TC.contiguous()
        grid = (triton.cdiv(T, _BLOCK_T), triton.cdiv(C, _BLOCK_C))
        dpre = torch.empty((T, C), device=x_TC.device, dtype=torch.float32)
        b = bias_C if bias_C is not None else weight_CW
        _conv_bwd_dpre_kernel[grid](x_TC, weight_CW, b, seq_idx_T, dout_TC, dpre, T, C, W=W,
                                    HAS_BIAS=bias_C is not None, SILU=ctx.silu, BLOCK_T=_BLOCK_T, BLOCK_C=_BLOCK_C)
        dx = torch.empty_like(x_TC)
        dw_partial = torch.empty((grid[0], C, W), device=x_TC.device, dtype=torch.float32)
        _conv_bwd_dx_dw_kernel[grid](x_TC, weight_CW, seq_idx_T, dpre, dx, dw_partial, T, C, W=W,
                                     BLOCK_T=_BLOCK_T, BLOCK_C=_BLOCK_C)
        dw = dw_partial.sum(0).to(weight_CW.dtype)
        db = dpre.sum(0).to(bias_C.dtype) if bias_C is not None else None
        return dx, dw, db, None, None


def causal_conv1d(
    x_TC: torch.Tensor,
    weight_CW: torch.Tensor,
    bias_C: torch.Tensor | None,
    seq_idx_T: torch.Tensor,
    activation: str | None = "silu",
    impl: str = "auto",
) -> torch.Tensor:
    if use_triton(x_TC, impl) and triton is not None:
        if activation not in (None, "silu"):
            raise ValueError(f"unsupported activation {activation!r}")
        return _CausalConv1dFn.apply(x_TC, weight_CW, bias_C, seq_idx_T.to(torch.int32).contiguous(),
                                     activation == "silu")
    return causal_conv1d_ref(x_TC, weight_CW, bias_C, seq_idx_T, activation)
