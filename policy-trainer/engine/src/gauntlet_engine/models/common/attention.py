"""Grouped-query causal self-attention over packed sequences. NemotronH applies no RoPE in these layers."""

from __future__ import annotations

import torch
from torch import nn

from gauntlet_engine.kernels.varlen_attention import varlen_causal_attention
from gauntlet_engine.packing import Packing


class Attention(nn.Module):
    def __init__(self, dim: int, n_heads: int, n_kv_heads: int, head_dim: int, bias: bool = False):
        super().__init__()
        self.n_heads, self.n_kv_heads, self.head_dim = n_heads, n_kv_heads, head_dim
        self.q_proj = nn.Linear(dim, n_heads * head_dim, bias=bias)
        self.k_proj = nn.Linear(dim, n_kv_heads * head_dim, bias=bias)
        self.v_proj = nn.Linear(dim, n_kv_heads * head_dim, bias=bias)
        self.o_proj = nn.Linear(n_heads * head_dim, dim, bias=bias)

    def forward(self, x_TD: torch.Tensor, packing: Packing) -> torch.Tensor:
        T = x_TD.shape[0]
        q_THE = self.q_proj(x_TD).view(T, self.n_heads, self.head_dim)
        k_TKE = self.k_proj(x_TD).view(T, self.n_kv_heads, self.head_dim)
        v_TKE = self.v_proj(x_TD).view(T, self.n_kv_heads, self.head_dim)
        o_THE = varlen_causal_attention(
            q_THE, k_TKE, v_TKE, packing.cu_seqlens_B1, packing.max_seqlen, scale=self.head_dim**-0.5
        )
        return self.o_proj(o_THE.reshape(T, -1))
