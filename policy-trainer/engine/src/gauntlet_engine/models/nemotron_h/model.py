"""NemotronH: a stack of pre-norm residual blocks, each holding one mixer (Mamba-2, attention, MoE or MLP).

Single-device model code over packed sequences (no batch dimension, no padding). Parameter names are those
of transformers' ``NemotronHForCausalLM`` (``model.embeddings``, ``model.layers.{i}.norm``,
``model.layers.{i}.mixer.*``, ``model.norm_f``, ``lm_head``), so HF state dicts load without renaming.

Legend: T tokens, D model dim, V vocabulary, X experts per token.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

from gauntlet_engine.kernels import compilable
from gauntlet_engine.models.common.attention import Attention
from gauntlet_engine.models.common.mamba import Mamba2Mixer
from gauntlet_engine.models.common.mlp import MLP
from gauntlet_engine.models.common.moe import MoE
from gauntlet_engine.models.common.norm import RMSNorm
from gauntlet_engine.models.nemotron_h.config import ModelConfig
from gauntlet_engine.packing import Packing, make_packing

# Rows of lm_head logits materialised at once when computing token logprobs: [chunk, V] fp32 stays ~0.5 GB
# at V = 131072, instead of [T, V] (17 GB at 32k tokens).
LOGPROB_CHUNK_TOKENS = 1024


def make_mixer(cfg: ModelConfig, kind: str) -> nn.Module:
    if kind == "mamba":
        return Mamba2Mixer(dim=cfg.hidden_size, n_heads=cfg.mamba_num_heads, head_dim=cfg.mamba_head_dim,
                           n_groups=cfg.n_groups, state_size=cfg.ssm_state_size, conv_kernel=cfg.conv_kernel,
                           chunk_size=cfg.chunk_size, dt_min_clamp=cfg.time_step_min, conv_bias=cfg.use_conv_bias,
                           proj_bias=cfg.use_bias, norm_eps=cfg.layer_norm_epsilon)
    if kind == "attention":
        return Attention(cfg.hidden_size, cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim,
                         bias=cfg.attention_bias)
    if kind == "moe":
        return MoE(dim=cfg.hidden_size, num_experts=cfg.n_routed_experts, top_k=cfg.num_experts_per_tok,
                   expert_dim=cfg.moe_intermediate_size, shared_dim=cfg.moe_shared_expert_intermediate_size,
                   latent_dim=cfg.moe_latent_size, n_group=cfg.n_group, topk_group=cfg.topk_group,
                   norm_topk_prob=cfg.norm_topk_prob, routed_scaling_factor=cfg.routed_scaling_factor,
                   bias=cfg.mlp_bias)
    if kind == "mlp":
        return MLP(cfg.hidden_size, cfg.intermediate_size, bias=cfg.mlp_bias)
    raise ValueError(f"unknown layer type {kind!r}")


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig, layer_idx: int):
        super().__init__()
        self.kind = cfg.layer_types[layer_idx]
        self.norm = RMSNorm(cfg.hidden_size, eps=cfg.layer_norm_epsilon)
        self.mixer = make_mixer(cfg, self.kind)

    def forward(self, h_TD: torch.Tensor, packing: Packing, forced_topk_idx_TX: torch.Tensor | None = None):
        x_TD = self.norm(h_TD.to(self.norm.weight.dtype))
        if self.kind in ("mamba", "attention"):
            y_TD = self.mixer(x_TD, packing)
        elif self.kind == "moe":
            y_TD = self.mixer(x_TD, forced_topk_idx_TX)
        else:
            y_TD = self.mixer(x_TD)
        return h_TD + y_TD


class Backbone(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList([Block(cfg, i) for i in range(cfg.num_layers)])
        self.norm_f = RMSNorm(cfg.hidden_size, eps=cfg.layer_norm_epsilon)


class NemotronH(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.config = cfg.validate()
        self.model = Backbone(cfg)
        self.lm_head = nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        if cfg.tie_word_embeddings:
            self.lm_head.weight = self.model.embeddings.weight
        self.activation_checkpointing = False
        """Recompute each block in backward instead of keeping its activations (one block's worth live)."""

    # ---- construction ---------------------------------------------------------------------------
    @torch.no_grad()
    def init_weights(self, seed: int | None = None) -> "NemotronH":
        """Initialisation in the manner of transformers' NemotronH (normal 0.02, Mamba-2 dt/A/D init)."""
        if seed is not None:
            torch.manual_seed(seed)
        cfg = self.config
        for name, p in self.named_parameters():
            if name.endswith(("norm.weight", "norm_f.weight")):
                p.fill_(1.0)
            elif name.endswith(("dt_bias", "A_log", ".D")):
                continue
            elif name.endswith("bias"):
                p.zero_()
            elif name.endswith("out_proj.weight"):
                nn.init.kaiming_uniform_(p, a=math.sqrt(5))
                p.div_(math.sqrt(cfg.num_layers))  # rescale_prenorm_residual
            else:
                p.normal_(0.0, cfg.initializer_range)
        for m in self.modules():
            if isinstance(m, Mamba2Mixer):
                m.reset_ssm_parameters(cfg.time_step_min, cfg.time_step_max, cfg.time_step_floor)
        return self

    def to_dtype(self, dtype: torch.dtype) -> "NemotronH":
        """Cast parameters to dtype, keeping the router's score-correction bias in fp32 (as transformers does)."""
        keep = {n: b.detach().clone() for n, b in self.named_buffers() if n.endswith("e_score_correction_bias")}
        self.to(dtype)
        for n, b in self.named_buffers():
            if n in keep:
                b.data = keep[n].float()
        return self

    # ---- forward --------------------------------------------------------------------------------
    def forward(
        self,
        input_ids_T: torch.Tensor,
        cu_seqlens_B1: torch.Tensor | None = None,
        packing: Packing | None = None,
        forced_routing: dict[int, torch.Tensor] | None = None,
        logprob_targets_T: torch.Tensor | None = None,
        with_entropy: bool | str = True,
    ):
        """Final hidden states [T, D] of a packed batch (one sequence if no cu_seqlens is given).

        With ``logprob_targets_T`` ([T - 1]: the next token of every position but the last) it returns
        ``token_logprobs(hidden[:-1], targets)`` instead, inside forward so that FSDP has the lm_head gathered.
        """
        if packing is None:
            if cu_seqlens_B1 is None:
                cu_seqlens_B1 = torch.tensor([0, input_ids_T.numel()], dtype=torch.int32)
            packing = make_packing(cu_seqlens_B1, device=input_ids_T.device)
        h_TD = self.model.embeddings(input_ids_T)
        for i, block in enumerate(self.model.layers):
            forced = forced_routing.get(i) if forced_routing else None
            if self.activation_checkpointing and self.training and torch.is_grad_enabled():
                h_TD = checkpoint(block, h_TD, packing, forced, use_reentrant=False)
            else:
                h_TD = block(h_TD, packing, forced)
        h_TD = self.model.norm_f(h_TD)
        if logprob_targets_T is not None:
            return self.token_logprobs(h_TD[:-1], logprob_targets_T, with_entropy=with_entropy)
        return h_TD

    def logits(self, hidden_TD: torch.Tensor) -> torch.Tensor:
        """Full fp32 logits [T, V] (tests and small batches; training uses token_logprobs)."""
        return self.lm_head(hidden_TD).float()

    def token_logprobs(self, hidden_TD: torch.Tensor, targets_T: torch.Tensor, with_entropy: bool | str = True,
                       chunk_tokens: int = LOGPROB_CHUNK_TOKENS):
        """log p(target_t | prefix) and the entropy of each position's distribution, both fp32 [T].

        with_entropy: False, True (entropy as a metric, no gradient) or "grad" (differentiable entropy).

        Works chunk by chunk (recomputed in backward when memory matters), so [T, V] logits never exist at once.
        """
        lps, ents = [], []
        for s in range(0, hidden_TD.shape[0], chunk_tokens):
            h, y = hidden_TD[s : s + chunk_tokens], targets_T[s : s + chunk_tokens]
            # recompute each chunk's logits in backward instead of keeping its fp32 log-softmax ([chunk, V]),
            # when blocks are checkpointed too or when more than 8 chunks would be kept
            recompute = self.activation_checkpointing or hidden_TD.shape[0] > 8 * chunk_tokens
            if torch.is_grad_enabled() and h.requires_grad and recompute:
                lp, ent = checkpoint(_logprob_chunk, self.lm_head.weight, h, y, with_entropy, use_reentrant=False)
            else:
                lp, ent = _logprob_chunk(self.lm_head.weight, h, y, with_entropy)
            lps.append(lp)
            ents.append(ent)
        return torch.cat(lps), (torch.cat(ents) if with_entropy else None)

    def routing_record(self) -> dict[int, torch.Tensor]:
        """Expert ids chosen by each MoE layer in the latest forward ({layer index: [T, X]}), for replay."""
        return {i: b.mixer.last_topk_idx_TX for i, b in enumerate(self.model.layers)
                if b.kind == "moe" and b.mixer.last_topk_idx_TX is not None}


@compilable
def _logprob_chunk(weight_VD, h_TD, y_T, with_entropy):
    logits_TV = F.linear(h_TD, weight_VD).float()  # fp32 before the softmax: logprobs feed importance ratios
    logp_TV = torch.log_softmax(logits_TV, dim=-1)
    lp_T = logp_TV.gather(1, y_T[:, None]).squeeze(1)
    if not with_entropy:
        return lp_T, lp_T.new_zeros(0)
    # entropy is a metric unless an entropy bonus is trained: then it needs a gradient
    with torch.set_grad_enabled(torch.is_grad_enabled() and with_entropy == "grad"):
        ent_T = -(logp_TV.exp() * logp_TV).sum(-1)
    return lp_T, ent_T
