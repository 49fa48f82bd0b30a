"""Model FLOPs per token (matmul work of one forward pass), for MFU. Backward counts 2x forward; activation
recomputation is not counted (MFU, not hardware FLOPs utilisation)."""

from __future__ import annotations

from gauntlet_engine.models.nemotron_h.config import ModelConfig


def forward_flops_per_token(cfg: ModelConfig, seq_len: int) -> float:
    D = cfg.hidden_size
    total = 2.0 * D * cfg.vocab_size  # lm_head
    for kind in cfg.layer_types:
        if kind == "mamba":
            H, P, G, N, Q = cfg.mamba_num_heads, cfg.mamba_head_dim, cfg.n_groups, cfg.ssm_state_size, cfg.chunk_size
            inner = H * P
            total += 2.0 * D * (2 * inner + 2 * G * N + H) + 2.0 * inner * D
            # chunked SSD as implemented: C.B per group (Q x Q), decayed scores times x, chunk states, state output
            total += 2.0 * Q * G * N + 2.0 * Q * H * P + 2.0 * 2 * H * P * N
        elif kind == "attention":
            Hq, K, E = cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim
            total += 2.0 * D * (Hq + 2 * K) * E + 2.0 * Hq * E * D
            total += 2.0 * 2 * (seq_len / 2) * Hq * E  # causal QK^T and PV, average context seq_len / 2
        elif kind == "moe":
            L = cfg.moe_latent_size or D
            total += 2.0 * D * cfg.n_routed_experts
            total += cfg.num_experts_per_tok * 2.0 * 2 * L * cfg.moe_intermediate_size
            total += 2.0 * 2 * D * cfg.moe_shared_expert_intermediate_size
            if cfg.moe_latent_size:
                total += 2.0 * 2 * D * L
        elif kind == "mlp":
            total += 2.0 * 2 * D * cfg.intermediate_size
    return total


def param_counts(cfg: ModelConfig) -> tuple[float, float]:
    """(total, active per token) parameter counts, embeddings included."""
    import torch

    from gauntlet_engine.models.nemotron_h.model import NemotronH

    with torch.device("meta"):
        m = NemotronH(cfg)
    total = sum(p.numel() for p in m.parameters())
    routed = sum(b.mixer.experts.up_proj.numel() + b.mixer.experts.down_proj.numel()
                 for b in m.model.layers if b.kind == "moe")
    active = total - routed * (1 - cfg.num_experts_per_tok / cfg.n_routed_experts)
    return float(total), float(active)
