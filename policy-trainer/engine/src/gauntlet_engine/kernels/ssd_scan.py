"""Mamba-2 SSD (state space duality) chunked scan over packed sequences, after Dao & Gu (2024), section 6.

Recurrence, per head h (state h_PN, fp32):
    h_t = exp(dt_t * A) * h_{t-1} + dt_t * x_t ⊗ B_t          y_t = h_t · C_t + D * x_t
and h resets to the sequence's initial state (zero by default) at the first token of every packed sequence.

The chunked form splits tokens into chunks of Q and computes four terms with matrix products
(the "quadratic inside a chunk, linear across chunks" decomposition):
  1. diagonal blocks:  y_i += sum_{j<=i, same seq} (C_i·B_j) exp(cum_i - cum_j) dt_j x_j
  2. chunk states:     S_c  = sum_j exp(cum_end - cum_j) dt_j x_j ⊗ B_j    (tokens of the chunk's last sequence)
  3. across chunks:    h_end[c] = S_c + carry_c h_end[c-1], carry_c = exp(total_c) if chunk c continues the
                       sequence that ended chunk c-1, else 0 (the state reset that keeps sequences apart)
  4. off-diagonal:     y_i += exp(cum_i) C_i · h_end[c-1]     (only for tokens continuing that sequence)

Term 1 can run in a Triton kernel on CUDA (``ssd_diag.py``: the Q x Q tiles stay in registers, forward and
backward; opt-in with GAUNTLET_SSD_DIAG=auto); everything else is plain PyTorch. The PyTorch path never
materialises the [chunks, Q, Q, H, N] product that makes transformers' fallback cost ~9 GB per 1k tokens per
layer: C·B is a batched matmul over groups, and the largest intermediate is the [chunks, H, Q, Q] decay matrix. All SSD math runs in fp32 (on CUDA set TF32 to
speed up its matmuls); outputs are cast back to x's dtype.

Legend: T tokens, C chunks, Q positions in a chunk, H heads, P head dim, G groups (heads share B/C by group),
R = H / G heads per group, N state size, B sequences.
"""

from __future__ import annotations

import os

import torch
import torch.nn.functional as F

from gauntlet_engine.kernels import compilable
from gauntlet_engine.kernels.ssd_diag import ssd_diag_ref, ssd_diag_triton, triton_supported


def _segsum_exp(a_HC: torch.Tensor) -> torch.Tensor:
    """L[h, i, j] = exp(sum_{k=j+1..i} a[h, k]) for i >= j, else 0. Entries of a may be -inf (a reset).

    Built by a masked cumsum instead of a difference of cumsums, so -inf entries never meet -inf - (-inf).
    """
    Cn = a_HC.shape[-1]
    ones = torch.ones(Cn, Cn, dtype=torch.bool, device=a_HC.device)
    x_HKJ = a_HC[..., :, None].expand(*a_HC.shape, Cn)  # x[h, k, j] = a[h, k]
    x_HKJ = x_HKJ.masked_fill(~torch.tril(ones, diagonal=-1), 0.0)  # keep k > j
    seg_HIJ = torch.cumsum(x_HKJ, dim=-2)  # sum over j < k <= i
    return torch.exp(seg_HIJ.masked_fill(~torch.tril(ones), float("-inf")))


CARRY_BLOCK = 64
"""Chunks per block of the two-level carry across chunks (``_carry_across_chunks``)."""


def _carry_across_chunks(logcarry_HC: torch.Tensor, S_CHPN: torch.Tensor) -> torch.Tensor:
    """h_end[c] = S[c] + exp(logcarry[c]) h_end[c-1], solved with matrix products.

    One [C, C] decay matrix is quadratic in the chunks of the whole packed batch (1,600 chunks for 512 prompts of
    25 tokens at Q = 8: 10M entries per head, and most of a CPU train step). Blocks of ``CARRY_BLOCK`` chunks
    keep it to one [C, block] matrix inside blocks plus one [blocks, blocks] matrix across them: the same sums,
    grouped differently.
    """
    H, Cn = logcarry_HC.shape
    if Cn <= 2 * CARRY_BLOCK:
        return torch.einsum("hij,jhpn->ihpn", _segsum_exp(logcarry_HC), S_CHPN)
    K = CARRY_BLOCK
    nb = -(-Cn // K)
    pad = nb * K - Cn
    lc_HbK = F.pad(logcarry_HC, (0, pad), value=float("-inf")).view(H, nb, K)
    S_bKHPN = F.pad(S_CHPN, (0, 0, 0, 0, 0, 0, 0, pad)).view(nb, K, *S_CHPN.shape[1:])
    # inside each block, as if the block started from a zero state
    local_bKHPN = torch.einsum("hbij,bjhpn->bihpn", _segsum_exp(lc_HbK), S_bKHPN)
    # across blocks: the end state of each block, then how much of the previous block's end reaches chunk i
    into_HbK = torch.exp(torch.cumsum(lc_HbK, dim=-1))
    ends_bHPN = torch.einsum("hij,jhpn->ihpn", _segsum_exp(lc_HbK.sum(-1)), local_bKHPN[:, -1])
    prev_bHPN = F.pad(ends_bHPN[:-1], (0, 0, 0, 0, 0, 0, 1, 0))
    h_bKHPN = local_bKHPN + into_HbK.permute(1, 2, 0)[..., None, None] * prev_bHPN[:, None]
    return h_bKHPN.reshape(nb * K, *S_CHPN.shape[1:])[:Cn]


def ssd_scan_ref(
    x_THP: torch.Tensor,
    dt_TH: torch.Tensor,
    A_H: torch.Tensor,
    B_TGN: torch.Tensor,
    C_TGN: torch.Tensor,
    chunk_size: int,
    seq_idx_T: torch.Tensor,
    cu_seqlens_B1: torch.Tensor,
    D_H: torch.Tensor | None = None,
    initial_states_BHPN: torch.Tensor | None = None,
    return_final_states: bool = False,
    out_dtype: torch.dtype | None = None,
    diag_impl: str = os.environ.get("GAUNTLET_SSD_DIAG", "ref"),
):
    """Chunked SSD over a packed batch.

    Args:
        x_THP: inputs, any float dtype. dt_TH: step sizes after softplus/clamp (fp32). A_H: negative decay rates.
        B_TGN, C_TGN: input/output projections per group. seq_idx_T: int sequence id per token (non-decreasing).
        cu_seqlens_B1: int32 [B+1] sequence offsets. D_H: skip weight. initial_states_BHPN: state before
        each sequence's first token (fp32), or None for zeros. diag_impl: "ref" (default, PyTorch), "auto" (the
        Triton diagonal-block kernel on CUDA when Q, N, P are powers of two >= 16) or "triton". The
        default comes from GAUNTLET_SSD_DIAG. The kernel is exact in its tests, but with fp32 operands it made an
        H100 train step about 2x slower than this PyTorch path, and its bf16-operand variant faulted at Q=128,
        N=128, P=64, so it is opt-in.
    Returns:
        y_THP in out_dtype (default: x's dtype), and with return_final_states the state after each sequence's
        last token (fp32 [B, H, P, N]).
    """
    T, H, P = x_THP.shape
    G, N = B_TGN.shape[1:]
    R = H // G
    Q = chunk_size
    pad = (-T) % Q
    Tp = T + pad
    Cn = Tp // Q
    f32 = torch.float32

    x = F.pad(x_THP.to(f32), (0, 0, 0, 0, 0, pad))
    dt = F.pad(dt_TH.to(f32), (0, 0, 0, pad))
    Bm = F.pad(B_TGN.to(f32), (0, 0, 0, 0, 0, pad))
    Cm = F.pad(C_TGN.to(f32), (0, 0, 0, 0, 0, pad))
    # padded tokens get their own sequence id so they never mix with real ones (no host sync: compilable)
    seq64 = seq_idx_T.to(torch.int64)
    seq = torch.cat([seq64, (seq64[-1:] + 1).expand(pad)])

    x_CQGRP = x.view(Cn, Q, G, R, P)
    dt_CQH = dt.view(Cn, Q, H)
    B_CQGN = Bm.view(Cn, Q, G, N)
    C_CQGN = Cm.view(Cn, Q, G, N)
    seq_CQ = seq.view(Cn, Q)

    dA_CQH = dt_CQH * A_H.to(f32)
    cum_CQH = torch.cumsum(dA_CQH, dim=1)
    xdt_CQGRP = x_CQGRP * dt_CQH.view(Cn, Q, G, R, 1)

    # 1. diagonal blocks -------------------------------------------------------------------------
    if diag_impl != "ref" and (diag_impl == "triton" or x.is_cuda) and triton_supported(Q, N, P):
        # fp32 operands: exact against the reference at the benchmark's sizes on an H100 (chunks up to 256);
        # the bf16-operand variant hit an illegal memory access there (bench/ssd_diag_probe.py)
        y_CQGRP = ssd_diag_triton(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ)
    else:
        y_CQGRP = ssd_diag_ref(C_CQGN, B_CQGN, xdt_CQGRP, cum_CQH, seq_CQ)

    # 2. chunk states: contributions of the chunk's last sequence, decayed to the chunk end ----------
    last_seq_C = seq_CQ[:, -1]
    in_last_CQ = seq_CQ == last_seq_C[:, None]
    decay_end_CQH = torch.exp(cum_CQH[:, -1:, :] - cum_CQH) * in_last_CQ[:, :, None]
    S_CGRPN = torch.einsum("cjgrp,cjgr,cjgn->cgrpn", xdt_CQGRP, decay_end_CQH.view(Cn, Q, G, R), B_CQGN)

    if initial_states_BHPN is not None:
        S_CGRPN, y_CQGRP = _inject_initial_states(
            initial_states_BHPN.to(f32), S_CGRPN, y_CQGRP, cum_CQH, dA_CQH, C_CQGN, seq_CQ, cu_seqlens_B1, Q
        )

    # 3. state passing across chunks: carry only when chunk c continues chunk c-1's last sequence ---
    # chunk c carries h_end[c-1] iff its last token is in the same sequence as chunk c-1's last token
    # (sequences are contiguous, so then the whole chunk belongs to that sequence)
    continues_C = torch.zeros(Cn, dtype=torch.bool, device=x.device)
    continues_C[1:] = last_seq_C[1:] == last_seq_C[:-1]
    logcarry_HC = torch.where(continues_C[None, :], cum_CQH[:, -1, :].T, torch.full_like(cum_CQH[:, -1, :].T, float("-inf")))
    h_end_CHPN = _carry_across_chunks(logcarry_HC, S_CGRPN.reshape(Cn, H, P, N))

    # 4. off-diagonal: tokens continuing the previous chunk's last sequence read its end state -------
    h_prev_CHPN = F.pad(h_end_CHPN[:-1], (0, 0, 0, 0, 0, 0, 1, 0))
    prev_last_C = F.pad(last_seq_C[:-1], (1, 0), value=-1)
    reads_prev_CQ = seq_CQ == prev_last_C[:, None]
    w_CQH = torch.exp(cum_CQH) * reads_prev_CQ[:, :, None]
    y_off_CQGRP = torch.einsum("cign,cgrpn->cigrp", C_CQGN, h_prev_CHPN.view(Cn, G, R, P, N))
    y_CQGRP = y_CQGRP + y_off_CQGRP * w_CQH.view(Cn, Q, G, R, 1)

    y_THP = y_CQGRP.reshape(Tp, H, P)[:T]
    if D_H is not None:
        y_THP = y_THP + x_THP.to(f32) * D_H.to(f32)[:, None]
    y_THP = y_THP.to(out_dtype or x_THP.dtype)
    if not return_final_states:
        return y_THP
    final = _final_states(
        h_prev_CHPN, reads_prev_CQ, cum_CQH, xdt_CQGRP, B_CQGN, seq_CQ, cu_seqlens_B1, Q, initial_states_BHPN
    )
    return y_THP, final


def _inject_initial_states(h0_BHPN, S_CGRPN, y_CQGRP, cum_CQH, dA_CQH, C_CQGN, seq_CQ, cu_seqlens_B1, Q):
    """Add each sequence's initial state inside the chunk where it starts (later chunks get it through S).

    Loops over sequences: initial states are for continuing generation, not for large training batches.
    """
    Cn, _, G, R, P = y_CQGRP.shape
    N = C_CQGN.shape[-1]
    S = S_CGRPN.clone()
    y = y_CQGRP.clone()
    starts = cu_seqlens_B1[:-1].tolist()
    for b, start in enumerate(starts):
        c, o = divmod(start, Q)
        base_H = cum_CQH[c, o] - dA_CQH[c, o]  # cumsum just before the first token
        in_seq_Q = seq_CQ[c] == seq_CQ[c, o]
        in_seq_Q[:o] = False
        decay_QH = torch.exp(cum_CQH[c] - base_H) * in_seq_Q[:, None]
        h0 = h0_BHPN[b].view(G, R, P, N)
        y[c] = y[c] + torch.einsum("ign,grpn->igrp", C_CQGN[c], h0) * decay_QH.view(Q, G, R, 1)
        if bool(in_seq_Q[-1]):
            S[c] = S[c] + h0 * decay_QH[-1].view(G, R, 1, 1)
    return S, y


def _final_states(h_prev_CHPN, reads_prev_CQ, cum_CQH, xdt_CQGRP, B_CQGN, seq_CQ, cu_seqlens_B1, Q, h0_BHPN):
    """State after each sequence's last token: the carried state plus that chunk's own contributions."""
    Cn, _, G, R, P = xdt_CQGRP.shape
    H, N = G * R, B_CQGN.shape[-1]
    ends = (cu_seqlens_B1[1:].long() - 1)
    starts = cu_seqlens_B1[:-1].long()
    c_B, o_B = ends // Q, ends % Q
    pos_Q = torch.arange(Q, device=ends.device)
    seq_BQ = seq_CQ[c_B]
    mine_BQ = (seq_BQ == seq_CQ[c_B, o_B][:, None]) & (pos_Q[None] <= o_B[:, None])
    cum_BQH = cum_CQH[c_B]
    cum_end_BH = cum_BQH.gather(1, o_B.view(-1, 1, 1).expand(-1, 1, H)).squeeze(1)
    w_BQH = torch.exp(cum_end_BH[:, None] - cum_BQH) * mine_BQ[..., None]
    own = torch.einsum("bjgrp,bjgr,bjgn->bgrpn", xdt_CQGRP[c_B], w_BQH.view(-1, Q, G, R), B_CQGN[c_B])
    carried_B = reads_prev_CQ[c_B, o_B].to(torch.float32)
    final = own.reshape(-1, H, P, N) + (torch.exp(cum_end_BH) * carried_B[:, None])[..., None, None] * h_prev_CHPN[c_B]
    if h0_BHPN is not None:
        # sequences that start in the chunk where they end: add their initial state, decayed from the start
        same_chunk_B = (starts // Q) == c_B
        s_off = starts % Q
        before_B = (s_off - 1).clamp(min=0).view(-1, 1, 1).expand(-1, 1, H)
        base_BH = torch.where(s_off[:, None] > 0, cum_BQH.gather(1, before_B).squeeze(1), torch.zeros_like(cum_end_BH))
        dec_BH = torch.exp(cum_end_BH - base_BH) * same_chunk_B[:, None]
        final = final + dec_BH[..., None, None] * h0_BHPN.to(torch.float32)
    return final


def ssd_scan_sequential(x_THP, dt_TH, A_H, B_TGN, C_TGN, seq_idx_T, D_H=None, initial_states_BHPN=None):
    """Token-by-token recurrence: slow, obviously correct; the ground truth for the chunked versions."""
    T, H, P = x_THP.shape
    G, N = B_TGN.shape[1:]
    R = H // G
    f32 = torch.float32
    h = torch.zeros(H, P, N, dtype=f32, device=x_THP.device)
    ys, finals = [], []
    b = -1
    for t in range(T):
        s = int(seq_idx_T[t])
        if s != b:
            if b >= 0:
                finals.append(h)
            b = s
            h = initial_states_BHPN[s].to(f32) if initial_states_BHPN is not None else torch.zeros_like(h)
        Bh = B_TGN[t].to(f32).repeat_interleave(R, 0)
        Ch = C_TGN[t].to(f32).repeat_interleave(R, 0)
        dA = torch.exp(dt_TH[t].to(f32) * A_H.to(f32))
        h = dA[:, None, None] * h + (dt_TH[t].to(f32)[:, None] * x_THP[t].to(f32))[:, :, None] * Bh[:, None, :]
        y = torch.einsum("hpn,hn->hp", h, Ch)
        if D_H is not None:
            y = y + D_H.to(f32)[:, None] * x_THP[t].to(f32)
        ys.append(y)
    finals.append(h)
    return torch.stack(ys).to(x_THP.dtype), torch.stack(finals)


_ssd_compilable = compilable(ssd_scan_ref)


def ssd_scan(*args, impl: str = "auto", **kwargs):
    """Entry point used by the model: the chunked PyTorch path, through torch.compile when switched on."""
    if impl == "ref":
        return ssd_scan_ref(*args, diag_impl="ref", **kwargs)
    if kwargs.get("initial_states_BHPN") is not None:
        return ssd_scan_ref(*args, **kwargs)  # the per-sequence initial-state loop is not worth compiling
    return _ssd_compilable(*args, **kwargs)
