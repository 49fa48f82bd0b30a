"""The MoE layer of a decode step in four Triton kernels: router logits, top-k, expert up-projection, down.

A decode step has a handful of rows (one token per running sequence), so the sort-based dispatch of the train
path (``moe_dispatch.py``) costs more than it saves: the router's sigmoid, bias, top-k, gather and renormalisation,
the dispatch's sort, counts, offsets, gathers and scatters, and the final weighted sum are about 28 small kernels
per MoE layer, each a few microseconds on an idle GPU. Here they are four:

- ``fused_route``: the router logits (fp32 accumulation, one program per block of experts), then per row the
  sigmoid, the correction bias, top-k by repeated argmax, and the renormalised, scaled weights. Same math as
  ``models.common.moe.route`` without expert groups.
- ``fused_experts``: one program per (expert, block of the intermediate dim) computes relu²(x @ up[e].T) for
  every row at once and stops at once if no row routes to e, so only the chosen experts' weights are read. The
  down kernel, one program per (block of D, expert), writes w[t, x] * (h[e] @ down[e].T) into the slot x where
  row t chose e; the X slots are then summed in slot order, as the train path sums them. No atomics, so results
  are deterministic.

Decode is bound by latency, not FLOPs: tiles are sized so that each program issues a few large loads rather
than many small dependent ones, and there are enough programs to keep every SM's loads in flight
(``Tiles``; ``bench/moe_decode_probe.py`` measures the choices against the grouped-GEMM path).

The decode runner uses these kernels only with ``GAUNTLET_MOE_DECODE=fused``: the current tiles pass their tests in
Triton's interpreter but have not yet run on a GPU (docs/engine.md).

Model dimensions (D, I, E, top-k) are compile-time constants: one compile per model, as for the decode graphs.

Rounding follows the train path (``experts_forward`` on grouped GEMMs): each GEMM accumulates in fp32 and rounds
its output to the activation dtype, relu² runs on the rounded value, and the weighted sum over experts is fp32.

Legend: T rows, D model (or latent) dim, E experts, X experts per row (top-k), I expert intermediate dim.
"""

from __future__ import annotations

import torch

try:
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover - triton ships with Linux torch wheels
    triton = None

from dataclasses import dataclass

MAX_ROWS = 64
"""Above this many rows the dense per-expert tile wastes more compute than the sort saves: use the grouped GEMMs."""


def fused_supported(x_TD: torch.Tensor, n_group: int, topk_group: int) -> bool:
    """The fused kernels cover ungrouped routing (or groups that keep every group) on up to ``MAX_ROWS`` rows."""
    return triton is not None and x_TD.shape[0] <= MAX_ROWS and (n_group <= 1 or topk_group >= n_group)


if triton is not None:

    @triton.jit
    def _rows_times_rows_t(acc, a_ptr, stride_a, a_rows, a_mask, b_ptr, stride_b, b_rows, b_mask,
                           K: tl.constexpr, BLOCK_K: tl.constexpr, PRECISION: tl.constexpr):
        """acc + A[a_rows, :K] @ B[b_rows, :K].T, accumulated in fp32 (both operands row-major, unit stride in K)."""
        for k0 in range(0, K, BLOCK_K):
            k = k0 + tl.arange(0, BLOCK_K)
            kmask = k < K
            av = tl.load(a_ptr + a_rows[:, None] * stride_a + k[None, :], mask=a_mask[:, None] & kmask[None, :],
                         other=0.0)
            bv = tl.load(b_ptr + b_rows[:, None] * stride_b + k[None, :], mask=b_mask[:, None] & kmask[None, :],
                         other=0.0)
            # bf16 x bf16 products are exact in fp32, so this equals an fp32 matmul up to summation order
            acc = tl.dot(av.to(bv.dtype), tl.trans(bv), acc, input_precision=PRECISION)
        return acc

    @triton.jit
    def _router_logits_kernel(
        x_ptr, w_ptr, logits_ptr, T, stride_x,
        D: tl.constexpr, E: tl.constexpr, PRECISION: tl.constexpr,
        BLOCK_T: tl.constexpr, BLOCK_E: tl.constexpr, BLOCK_D: tl.constexpr,
    ):
        t = tl.arange(0, BLOCK_T)
        e = tl.program_id(0) * BLOCK_E + tl.arange(0, BLOCK_E)
        tmask, emask = t < T, e < E
        acc = _rows_times_rows_t(tl.zeros((BLOCK_T, BLOCK_E), dtype=tl.float32), x_ptr, stride_x, t, tmask,
                                 w_ptr, D, e, emask, D, BLOCK_D, PRECISION)
        tl.store(logits_ptr + t[:, None] * E + e[None, :], acc, mask=tmask[:, None] & emask[None, :])

    @triton.jit
    def _route_topk_kernel(
        logits_ptr, bias_ptr, idx_ptr, weight_out_ptr, scale,
        E: tl.constexpr, X: tl.constexpr, NORM: tl.constexpr, BLOCK_E: tl.constexpr, BLOCK_X: tl.constexpr,
    ):
        t = tl.program_id(0)
        e = tl.arange(0, BLOCK_E)
        emask = e < E
        scores = 1.0 / (1.0 + tl.exp(-tl.load(logits_ptr + t * E + e, mask=emask, other=0.0)))
        choice = scores + tl.load(bias_ptr + e, mask=emask, other=0.0).to(tl.float32)
        choice = tl.where(emask, choice, float("-inf"))
        slot = tl.arange(0, BLOCK_X)
        picked = tl.zeros((BLOCK_X,), dtype=tl.int64)
        picked_w = tl.zeros((BLOCK_X,), dtype=tl.float32)
        for k in tl.static_range(X):
            best = tl.max(choice, axis=0)
            pick = tl.min(tl.where(choice == best, e, BLOCK_E), axis=0)
            pick = tl.minimum(pick, E - 1)  # NaN scores match nothing; still name a real expert
            picked = tl.where(slot == k, pick.to(tl.int64), picked)
            picked_w = tl.where(slot == k, tl.sum(tl.where(e == pick, scores, 0.0), axis=0), picked_w)
            choice = tl.where(e == pick, float("-inf"), choice)
        if NORM:
            picked_w = picked_w / (tl.sum(picked_w, axis=0) + 1e-20)  # the reference's epsilon
        smask = slot < X
        tl.store(idx_ptr + t * X + slot, picked, mask=smask)
        tl.store(weight_out_ptr + t * X + slot, picked_w * scale, mask=smask)

    @triton.jit
    def _routed_rows(idx_ptr, T, e, X: tl.constexpr, BLOCK_T: tl.constexpr, BLOCK_X: tl.constexpr):
        """[BLOCK_T, BLOCK_X] mask of the (row, slot) pairs that chose expert e."""
        t = tl.arange(0, BLOCK_T)
        s = tl.arange(0, BLOCK_X)
        idx = tl.load(idx_ptr + t[:, None] * X + s[None, :], mask=(t[:, None] < T) & (s[None, :] < X), other=-1)
        return idx == e

    @triton.jit
    def _experts_up_kernel(
        x_ptr, up_ptr, idx_ptr, h_ptr,
        T, stride_x, stride_up_e, stride_h_e,
        D: tl.constexpr, I: tl.constexpr, X: tl.constexpr, PRECISION: tl.constexpr,
        BLOCK_T: tl.constexpr, BLOCK_X: tl.constexpr, BLOCK_I: tl.constexpr, BLOCK_D: tl.constexpr,
    ):
        e = tl.program_id(0)
        hit = _routed_rows(idx_ptr, T, e, X, BLOCK_T, BLOCK_X)
        if tl.max(tl.max(hit.to(tl.int32), axis=1), axis=0) > 0:  # otherwise expert e's weights are never read
            t = tl.arange(0, BLOCK_T)
            i = tl.program_id(1) * BLOCK_I + tl.arange(0, BLOCK_I)
            tmask, imask = t < T, i < I
            acc = _rows_times_rows_t(tl.zeros((BLOCK_T, BLOCK_I), dtype=tl.float32), x_ptr, stride_x, t, tmask,
                                     up_ptr + e * stride_up_e, D, i, imask, D, BLOCK_D, PRECISION)
            a = tl.maximum(acc.to(h_ptr.dtype.element_ty).to(tl.float32), 0.0)  # the GEMM's rounding, then relu
            tl.store(h_ptr + e * stride_h_e + t[:, None] * I + i[None, :], (a * a).to(h_ptr.dtype.element_ty),
                     mask=tmask[:, None] & imask[None, :])

    @triton.jit
    def _experts_down_kernel(
        h_ptr, down_ptr, idx_ptr, w_ptr, out_ptr,
        T, stride_h_e, stride_down_e,
        D: tl.constexpr, I: tl.constexpr, X: tl.constexpr, PRECISION: tl.constexpr,
        BLOCK_T: tl.constexpr, BLOCK_X: tl.constexpr, BLOCK_D: tl.constexpr, BLOCK_I: tl.constexpr,
    ):
        e = tl.program_id(1)
        hit = _routed_rows(idx_ptr, T, e, X, BLOCK_T, BLOCK_X)
        if tl.max(tl.max(hit.to(tl.int32), axis=1), axis=0) > 0:
            t = tl.arange(0, BLOCK_T)
            d = tl.program_id(0) * BLOCK_D + tl.arange(0, BLOCK_D)
            tmask, dmask = t < T, d < D
            acc = _rows_times_rows_t(tl.zeros((BLOCK_T, BLOCK_D), dtype=tl.float32), h_ptr + e * stride_h_e, I, t,
                                     tmask, down_ptr + e * stride_down_e, I, d, dmask, I, BLOCK_I, PRECISION)
            y = acc.to(h_ptr.dtype.element_ty).to(tl.float32)  # the GEMM's rounding of its output
            for x in tl.static_range(X):  # into every slot that chose e (one, unless a forced list repeats it)
                chose = (tl.load(idx_ptr + t * X + x, mask=tmask, other=-1) == e) & tmask
                wx = tl.load(w_ptr + t * X + x, mask=chose, other=0.0)
                tl.store(out_ptr + (t[:, None] * X + x) * D + d[None, :], wx[:, None] * y,
                         mask=chose[:, None] & dmask[None, :])


@dataclass(frozen=True)
class Tiles:
    """Block sizes of the three GEMM kernels (powers of two, at least 16 where they feed ``tl.dot``)."""

    router_experts: int = 16
    router_d: int = 256
    up_i: int = 32
    up_d: int = 256
    down_d: int = 64
    down_i: int = 128
    warps: int = 4
    stages: int = 2
    """Software-pipelined loads in flight per loop. Each stage holds one x and one weight tile in shared memory;
    Triton's default of 3 with 512-wide tiles overflowed an H100's 227 KB."""


TILES = Tiles()


def _rows_block(T: int) -> int:
    return max(16, triton.next_power_of_2(T))  # tl.dot needs at least 16 rows


def _precision(x: torch.Tensor) -> str:
    return "ieee" if x.dtype == torch.float32 else "tf32"  # fp32 operands in true fp32; ignored for bf16


def fused_route(x_TD: torch.Tensor, weight_ED: torch.Tensor, bias_E: torch.Tensor, top_k: int,
                norm_topk_prob: bool, scale: float, tiles: Tiles = TILES) -> tuple[torch.Tensor, torch.Tensor]:
    """Returns (topk_idx_TX int64, topk_weight_TX fp32) like ``route`` with one expert group."""
    T, D = x_TD.shape
    E = weight_ED.shape[0]
    assert T <= MAX_ROWS and x_TD.stride(1) == 1 and weight_ED.is_contiguous() and bias_E.is_contiguous()
    logits_TE = torch.empty(T, E, dtype=torch.float32, device=x_TD.device)
    _router_logits_kernel[(triton.cdiv(E, tiles.router_experts),)](
        x_TD, weight_ED, logits_TE, T, x_TD.stride(0), D=D, E=E, PRECISION=_precision(weight_ED),
        BLOCK_T=_rows_block(T), BLOCK_E=tiles.router_experts, BLOCK_D=tiles.router_d,
        num_warps=tiles.warps, num_stages=tiles.stages,
    )
    idx_TX = torch.empty(T, top_k, dtype=torch.long, device=x_TD.device)
    w_TX = torch.empty(T, top_k, dtype=torch.float32, device=x_TD.device)
    _route_topk_kernel[(T,)](
        logits_TE, bias_E, idx_TX, w_TX, float(scale), E=E, X=top_k, NORM=bool(norm_topk_prob),
        BLOCK_E=triton.next_power_of_2(E), BLOCK_X=triton.next_power_of_2(top_k),
    )
    return idx_TX, w_TX


def fused_experts(x_TD: torch.Tensor, up_EID: torch.Tensor, down_EDI: torch.Tensor, idx_TX: torch.Tensor,
                  w_TX: torch.Tensor, tiles: Tiles = TILES) -> torch.Tensor:
    """sum_x w[t, x] * down_e(relu²(up_e(x_t))) for e = idx[t, x] (ids in [0, E)), as ``experts_forward``.

    Returns fp32 [T, D].
    """
    T, D = x_TD.shape
    E, I, _ = up_EID.shape
    X = idx_TX.shape[1]
    assert T <= MAX_ROWS and x_TD.stride(1) == 1 and up_EID.is_contiguous() and down_EDI.is_contiguous()
    idx_TX, w_TX = idx_TX.contiguous(), w_TX.float().contiguous()
    BLOCK_T, BLOCK_X, precision = _rows_block(T), triton.next_power_of_2(X), _precision(up_EID)
    h_ETI = torch.empty(E, T, I, dtype=x_TD.dtype, device=x_TD.device)
    _experts_up_kernel[(E, triton.cdiv(I, tiles.up_i))](
        x_TD, up_EID, idx_TX, h_ETI, T, x_TD.stride(0), up_EID.stride(0), h_ETI.stride(0),
        D=D, I=I, X=X, PRECISION=precision, BLOCK_T=BLOCK_T, BLOCK_X=BLOCK_X, BLOCK_I=tiles.up_i,
        BLOCK_D=tiles.up_d,
        num_warps=tiles.warps, num_stages=tiles.stages,
    )
    out_TXD = torch.empty(T, X, D, dtype=torch.float32, device=x_TD.device)  # every slot is written once
    _experts_down_kernel[(triton.cdiv(D, tiles.down_d), E)](
        h_ETI, down_EDI, idx_TX, w_TX, out_TXD, T, h_ETI.stride(0), down_EDI.stride(0),
        D=D, I=I, X=X, PRECISION=precision, BLOCK_T=BLOCK_T, BLOCK_X=BLOCK_X, BLOCK_D=tiles.down_d,
        BLOCK_I=tiles.down_i,
        num_warps=tiles.warps, num_stages=tiles.stages,
    )
    return out_TXD.sum(1)
