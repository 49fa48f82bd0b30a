"""Causal attention over packed sequences (no position encoding: NemotronH attention layers use none).

CUDA: torch's flash-attention varlen entry point (``torch.nn.attention.varlen.varlen_attn``, torch >= 2.10)
when present. Otherwise many short sequences (a GRPO batch: hundreds of prompts of tens of tokens) go through one
SDPA call on a right-padded [B, H, L, E] batch, and the rest through one SDPA call per sequence. A loop over
hundreds of sequences costs more than the attention itself: each slice's backward writes a gradient the size of
the whole batch. Legend: T tokens, H query heads, K key/value heads, E head dim, B sequences, L longest sequence.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

try:
    from torch.nn.attention.varlen import varlen_attn as _varlen_attn
except ImportError:  # torch < 2.10
    _varlen_attn = None


def varlen_causal_attention_ref(q_THE, k_TKE, v_TKE, cu_seqlens_B1, scale: float) -> torch.Tensor:
    out = torch.empty_like(q_THE)
    H, K = q_THE.shape[1], k_TKE.shape[1]
    for s, e in zip(cu_seqlens_B1[:-1].tolist(), cu_seqlens_B1[1:].tolist()):
        q = q_THE[s:e].transpose(0, 1)
        k = k_TKE[s:e].transpose(0, 1).repeat_interleave(H // K, 0)
        v = v_TKE[s:e].transpose(0, 1).repeat_interleave(H // K, 0)
        out[s:e] = F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=scale).transpose(0, 1)
    return out


PADDING_OVERHEAD = 2.0
"""The padded path runs while B * L, the padded token count, is at most this many times T."""


def varlen_causal_attention_padded(q_THE, k_TKE, v_TKE, cu_seqlens_B1, max_seqlen: int, scale: float):
    """Right-pad every sequence to L and run one causal SDPA call: exact, because a query at position i only sees
    keys 0..i, which are all real tokens of its own sequence; the padded rows are computed and dropped."""
    T, H, E = q_THE.shape
    K = k_TKE.shape[1]
    lens_B = (cu_seqlens_B1[1:] - cu_seqlens_B1[:-1]).long()
    B, L = lens_B.numel(), max_seqlen
    seq_T = torch.repeat_interleave(torch.arange(B, device=q_THE.device), lens_B)
    slot_T = seq_T * L + torch.arange(T, device=q_THE.device) - cu_seqlens_B1.long()[seq_T]

    def padded(x_TNE):
        n = x_TNE.shape[1]
        return x_TNE.new_zeros(B * L, n, E).index_copy(0, slot_T, x_TNE).view(B, L, n, E).transpose(1, 2)

    o_BHLE = F.scaled_dot_product_attention(padded(q_THE), padded(k_TKE), padded(v_TKE), is_causal=True, scale=scale,
                                            enable_gqa=H != K)
    return o_BHLE.transpose(1, 2).reshape(B * L, H, E).index_select(0, slot_T)


def varlen_causal_attention(q_THE, k_TKE, v_TKE, cu_seqlens_B1, max_seqlen: int, scale: float, impl="auto"):
    use_flash = (
        impl != "ref" and _varlen_attn is not None and q_THE.is_cuda and q_THE.dtype in (torch.float16, torch.bfloat16)
    )
    if not use_flash:
        B = cu_seqlens_B1.numel() - 1
        if impl != "ref" and B > 1 and B * max_seqlen <= PADDING_OVERHEAD * q_THE.shape[0]:
            return varlen_causal_attention_padded(q_THE, k_TKE, v_TKE, cu_seqlens_B1, max_seqlen, scale)
        return varlen_causal_attention_ref(q_THE, k_TKE, v_TKE, cu_seqlens_B1, scale)
    H, K = q_THE.shape[1], k_TKE.shape[1]
    if H != K:  # the varlen wrapper takes equal head counts; K/V are small next to Q, so expanding is cheap
        k_TKE = k_TKE.repeat_interleave(H // K, 1)
        v_TKE = v_TKE.repeat_interleave(H // K, 1)
    cu = cu_seqlens_B1.to(torch.int32)
    return _varlen_attn(q_THE, k_TKE, v_TKE, cu, cu, max_seqlen, max_seqlen, scale=scale, window_size=(-1, 0))
