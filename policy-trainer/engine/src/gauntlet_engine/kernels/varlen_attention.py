"""Causal attention over packed sequences (no position encoding: NemotronH attention layers use none).

CUDA: torch's flash-attention varlen entry point (``torch.nn.attention.varlen.varlen_attn``, torch >= 2.10)
when present, else one SDPA call per sequence. CPU: one SDPA call per sequence (exact; CI sizes are tiny).
Legend: T tokens, H query heads, K key/value heads, E head dim.
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


def varlen_causal_attention(q_THE, k_TKE, v_TKE, cu_seqlens_B1, max_seqlen: int, scale: float, impl="auto"):
    use_flash = (
        impl != "ref" and _varlen_attn is not None and q_THE.is_cuda and q_THE.dtype in (torch.float16, torch.bfloat16)
    )
    if not use_flash:
        return varlen_causal_attention_ref(q_THE, k_TKE, v_TKE, cu_seqlens_B1, scale)
    H, K = q_THE.shape[1], k_TKE.shape[1]
    if H != K:  # the varlen wrapper takes equal head counts; K/V are small next to Q, so expanding is cheap
        k_TKE = k_TKE.repeat_interleave(H // K, 1)
        v_TKE = v_TKE.repeat_interleave(H // K, 1)
    cu = cu_seqlens_B1.to(torch.int32)
    return _varlen_attn(q_THE, k_TKE, v_TKE, cu, cu, max_seqlen, max_seqlen, scale=scale, window_size=(-1, 0))
