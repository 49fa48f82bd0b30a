"""One decode step of a Mamba-2 mixer against slotted caches: the conv window and the SSM state.

Each batch row b reads and updates the cache slot ``slots_B[b]``:

    conv:  window = [conv_state[slot], x]            out = silu(bias + sum_w window[w] * weight[:, w])
           conv_state[slot] = window[1:]
    ssm:   dt = clamp(softplus(dt_raw + dt_bias), dt_min)       dA = exp(dt * -exp(A_log))
           h = dA * h + (dt * x) outer B                        y = h @ C + D * x
           ssm_state[slot] = h

In plain PyTorch each is a chain of about ten kernels (gather the slot, update, scatter it back, contract), and
the fp32 SSM state (heads x head_dim x state_size per sequence) crosses memory several times. The Triton kernels
do each update in one kernel that reads the slot once and writes it once, which is what a decode step is bound
by at small batch: kernel count and state traffic, not FLOPs. Both are CUDA-graph safe (no host syncs).

Legend: B batch rows, C conv channels, W conv width, H heads, P head_dim, G groups, N state size.
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


def conv_step_ref(conv_SWC, slots_B, x_BC, weight_CW, bias_C):
    """Reference conv step. ``conv_SWC`` holds the last W-1 inputs per slot; updated in place."""
    window_BWC = torch.cat([conv_SWC[slots_B], x_BC[:, None, :].to(conv_SWC.dtype)], dim=1)
    conv_SWC.index_copy_(0, slots_B, window_BWC[:, 1:])
    pre_BC = torch.einsum("bwc,cw->bc", window_BWC.float(), weight_CW.float())
    if bias_C is not None:
        pre_BC = pre_BC + bias_C.float()
    return F.silu(pre_BC).to(x_BC.dtype)


def ssm_step_ref(ssm_SHPN, slots_B, x_BHP, dt_BH, dt_bias_H, dt_min, A_log_H, B_BGN, C_BGN, D_H):
    """Reference SSM step. ``ssm_SHPN`` is the fp32 state per slot; updated in place. Returns y in fp32."""
    B, H, P = x_BHP.shape
    G, N = B_BGN.shape[1], B_BGN.shape[2]
    R = H // G
    dt_BH = F.softplus(dt_BH.float() + dt_bias_H.float()).clamp(min=dt_min)
    A_H = -torch.exp(A_log_H.float())
    x_BHP = x_BHP.float()
    B_BHN = B_BGN.reshape(B, G, 1, N).expand(B, G, R, N).reshape(B, H, N).float()
    C_BHN = C_BGN.reshape(B, G, 1, N).expand(B, G, R, N).reshape(B, H, N).float()
    h_BHPN = ssm_SHPN[slots_B]
    dA_BH = torch.exp(dt_BH * A_H)
    h_BHPN = dA_BH[..., None, None] * h_BHPN + (dt_BH[..., None] * x_BHP)[..., None] * B_BHN[:, :, None, :]
    ssm_SHPN.index_copy_(0, slots_B, h_BHPN)
    return torch.einsum("bhpn,bhn->bhp", h_BHPN, C_BHN) + D_H.float()[:, None] * x_BHP


if triton is not None:

    @triton.jit
    def _conv_step_kernel(
        state_ptr, slots_ptr, x_ptr, w_ptr, b_ptr, out_ptr,
        C, stride_x, stride_out,
        W: tl.constexpr, HAS_BIAS: tl.constexpr, BLOCK_C: tl.constexpr,
    ):
        b = tl.program_id(0)
        c = tl.program_id(1) * BLOCK_C + tl.arange(0, BLOCK_C)
        mask = c < C
        slot = tl.load(slots_ptr + b).to(tl.int64)
        state = state_ptr + slot * (W - 1) * C + c
        x = tl.load(x_ptr + b * stride_x + c, mask=mask, other=0.0)
        acc = tl.load(w_ptr + c * W + (W - 1), mask=mask, other=0.0).to(tl.float32) * x.to(tl.float32)
        if HAS_BIAS:
            acc += tl.load(b_ptr + c, mask=mask, other=0.0).to(tl.float32)
        prev = tl.load(state, mask=mask, other=0.0)
        acc += prev.to(tl.float32) * tl.load(w_ptr + c * W, mask=mask, other=0.0).to(tl.float32)
        for k in tl.static_range(1, W - 1):  # shift the window by one as it is summed
            cur = tl.load(state + k * C, mask=mask, other=0.0)
            acc += cur.to(tl.float32) * tl.load(w_ptr + c * W + k, mask=mask, other=0.0).to(tl.float32)
            tl.store(state + (k - 1) * C, cur, mask=mask)
        tl.store(state + (W - 2) * C, x.to(state_ptr.dtype.element_ty), mask=mask)
        out = acc / (1.0 + tl.exp(-acc))
        tl.store(out_ptr + b * stride_out + c, out.to(out_ptr.dtype.element_ty), mask=mask)

    @triton.jit
    def _ssm_step_kernel(
        state_ptr, slots_ptr, x_ptr, dt_ptr, dt_bias_ptr, A_log_ptr, B_ptr, C_ptr, D_ptr, y_ptr,
        dt_min, stride_x, stride_dt, stride_B, stride_C,
        H: tl.constexpr, P: tl.constexpr, N: tl.constexpr, R: tl.constexpr, BLOCK_P: tl.constexpr,
    ):
        b = tl.program_id(0)
        h = tl.program_id(1)
        p = tl.program_id(2) * BLOCK_P + tl.arange(0, BLOCK_P)
        n = tl.arange(0, N)
        pmask = p < P
        g = h // R
        slot = tl.load(slots_ptr + b).to(tl.int64)

        dt = tl.load(dt_ptr + b * stride_dt + h).to(tl.float32) + tl.load(dt_bias_ptr + h).to(tl.float32)
        dt = tl.where(dt > 20.0, dt, tl.log(1.0 + tl.exp(dt)))  # softplus, with torch's threshold
        dt = tl.maximum(dt, dt_min)
        dA = tl.exp(dt * -tl.exp(tl.load(A_log_ptr + h).to(tl.float32)))

        x = tl.load(x_ptr + b * stride_x + h * P + p, mask=pmask, other=0.0).to(tl.float32)
        Bv = tl.load(B_ptr + b * stride_B + g * N + n).to(tl.float32)
        Cv = tl.load(C_ptr + b * stride_C + g * N + n).to(tl.float32)

        offs = ((slot * H + h) * P + p)[:, None] * N + n[None, :]
        state = tl.load(state_ptr + offs, mask=pmask[:, None], other=0.0)
        state = dA * state + (dt * x)[:, None] * Bv[None, :]
        tl.store(state_ptr + offs, state, mask=pmask[:, None])

        y = tl.sum(state * Cv[None, :], axis=1) + tl.load(D_ptr + h).to(tl.float32) * x
        tl.store(y_ptr + (b * H + h) * P + p, y, mask=pmask)


def conv_step(conv_SWC, slots_B, x_BC, weight_CW, bias_C, impl: str = "auto"):
    """The conv step; Triton on CUDA. ``x_BC`` may be a column slice of a wider row (unit stride along C)."""
    if not use_triton(x_BC, impl):
        return conv_step_ref(conv_SWC, slots_B, x_BC, weight_CW, bias_C)
    B, C = x_BC.shape
    W = weight_CW.shape[1]
    assert conv_SWC.is_contiguous() and conv_SWC.shape[1:] == (W - 1, C) and x_BC.stride(1) == 1
    assert W >= 2
    weight_CW = weight_CW.contiguous()
    out_BC = torch.empty(B, C, dtype=x_BC.dtype, device=x_BC.device)
    BLOCK_C = 256
    _conv_step_kernel[(B, triton.cdiv(C, BLOCK_C))](
        conv_SWC, slots_B, x_BC, weight_CW, bias_C if bias_C is not None else weight_CW, out_BC,
        C, x_BC.stride(0), out_BC.stride(0),
        W=W, HAS_BIAS=bias_C is not None, BLOCK_C=BLOCK_C,
    )
    return out_BC


def ssm_step(ssm_SHPN, slots_B, x_BHP, dt_BH, dt_bias_H, dt_min, A_log_H, B_BGN, C_BGN, D_H, impl: str = "auto"):
    """The SSM step; Triton on CUDA. x, dt, B and C may be column slices of wider rows (unit inner strides)."""
    if not use_triton(x_BHP, impl):
        return ssm_step_ref(ssm_SHPN, slots_B, x_BHP, dt_BH, dt_bias_H, dt_min, A_log_H, B_BGN, C_BGN, D_H)
    B, H, P = x_BHP.shape
    G, N = B_BGN.shape[1], B_BGN.shape[2]
    assert ssm_SHPN.is_contiguous() and ssm_SHPN.dtype == torch.float32 and ssm_SHPN.shape[1:] == (H, P, N)
    assert x_BHP.stride(2) == 1 and x_BHP.stride(1) == P and dt_BH.stride(1) == 1
    assert B_BGN.stride(2) == 1 and B_BGN.stride(1) == N and C_BGN.stride(2) == 1 and C_BGN.stride(1) == N
    assert H % G == 0 and N == triton.next_power_of_2(N)
    y_BHP = torch.empty(B, H, P, dtype=torch.float32, device=x_BHP.device)
    BLOCK_P = min(triton.next_power_of_2(P), max(1, 4096 // N))  # a tile of at most 4096 state elements
    _ssm_step_kernel[(B, H, triton.cdiv(P, BLOCK_P))](
        ssm_SHPN, slots_B, x_BHP, dt_BH, dt_bias_H, A_log_H, B_BGN, C_BGN, D_H, y_BHP,
        float(dt_min), x_BHP.stride(0), dt_BH.stride(0), B_BGN.stride(0), C_BGN.stride(0),
        H=H, P=P, N=N, R=H // G, BLOCK_P=BLOCK_P,
    )
    return y_BHP
