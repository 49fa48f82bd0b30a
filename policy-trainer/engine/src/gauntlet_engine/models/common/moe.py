"""NemotronH Mixture-of-Experts layer: sigmoid router with score-correction bias, group-limited top-k,
renormalised weights times ``routed_scaling_factor``, non-gated relu² experts, a shared expert, and an
optional latent projection around the routed experts.

Routing replay: ``forward(x, forced_topk_idx_TX=...)`` uses given expert ids (recorded at generation) instead
of the router's own choice; the weights are still recomputed from the current router, so the router keeps a
gradient. ``last_topk_idx_TX`` holds the ids chosen by the latest forward, for recording.

Legend: T tokens, D model dim, L latent dim (= D without latent projection), E experts, X top-k.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from gauntlet_engine.kernels import compilable
from gauntlet_engine.kernels.moe_dispatch import experts_forward
from gauntlet_engine.models.common.mlp import MLP


class TopKRouter(nn.Module):
    def __init__(self, dim: int, num_experts: int, top_k: int, n_group: int, topk_group: int,
                 norm_topk_prob: bool, routed_scaling_factor: float):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(num_experts, dim))
        # fp32 buffer: it is adjusted outside of gradient descent (load balancing) and must not round
        self.register_buffer("e_score_correction_bias", torch.zeros(num_experts, dtype=torch.float32))
        self.num_experts, self.top_k = num_experts, top_k
        self.n_group, self.topk_group = n_group, topk_group
        self.norm_topk_prob, self.routed_scaling_factor = norm_topk_prob, routed_scaling_factor

    def forward(self, x_TD: torch.Tensor, forced_topk_idx_TX: torch.Tensor | None = None):
        """Returns (topk_idx_TX int64, topk_weight_TX fp32). All router math runs in fp32."""
        return route(x_TD, self.weight, self.e_score_correction_bias, forced_topk_idx_TX, self.top_k, self.n_group,
                     self.topk_group, self.norm_topk_prob, float(self.routed_scaling_factor))


@compilable
def route(x_TD, weight_ED, bias_E, forced_topk_idx_TX, top_k: int, n_group: int, topk_group: int,
          norm_topk_prob: bool, scale: float):
    E = weight_ED.shape[0]
    scores_TE = F.linear(x_TD.float(), weight_ED.float()).sigmoid()
    if forced_topk_idx_TX is None:
        with torch.no_grad():
            choice_TE = scores_TE + bias_E.float()
            if n_group > 1:
                group_scores = choice_TE.view(-1, n_group, E // n_group).topk(2, dim=-1).values.sum(-1)
                keep = torch.zeros_like(group_scores, dtype=torch.bool)
                keep.scatter_(1, group_scores.topk(topk_group, dim=-1, sorted=False).indices, True)
                choice_TE = choice_TE.masked_fill(~keep.repeat_interleave(E // n_group, 1), float("-inf"))
            topk_idx_TX = choice_TE.topk(top_k, dim=-1, sorted=False).indices
    else:
        topk_idx_TX = forced_topk_idx_TX.to(device=x_TD.device, dtype=torch.long)
    w_TX = scores_TE.gather(1, topk_idx_TX)
    if norm_topk_prob:
        w_TX = w_TX / (w_TX.sum(-1, keepdim=True) + 1e-20)  # same epsilon as the reference implementation
    return topk_idx_TX, w_TX * scale


class Experts(nn.Module):
    """Expert weights as 3-D tensors, [E, out, in], under transformers' names (up_proj, down_proj)."""

    def __init__(self, num_experts: int, dim: int, hidden_dim: int):
        super().__init__()
        self.up_proj = nn.Parameter(torch.empty(num_experts, hidden_dim, dim))
        self.down_proj = nn.Parameter(torch.empty(num_experts, dim, hidden_dim))
        nn.init.normal_(self.up_proj, std=0.02)
        nn.init.normal_(self.down_proj, std=0.02)

    def forward(self, x_TL, topk_idx_TX, topk_w_TX, impl: str = "auto"):
        return experts_forward(x_TL, self.up_proj, self.down_proj, topk_idx_TX, topk_w_TX, impl)


class MoE(nn.Module):
    def __init__(self, *, dim: int, num_experts: int, top_k: int, expert_dim: int, shared_dim: int,
                 latent_dim: int | None, n_group: int, topk_group: int, norm_topk_prob: bool,
                 routed_scaling_factor: float, bias: bool = False):
        super().__init__()
        self.gate = TopKRouter(dim, num_experts, top_k, n_group, topk_group, norm_topk_prob, routed_scaling_factor)
        self.experts = Experts(num_experts, latent_dim or dim, expert_dim)
        self.shared_experts = MLP(dim, shared_dim, bias=bias)
        if latent_dim is not None:
            self.fc1_latent_proj = nn.Linear(dim, latent_dim, bias=bias)
            self.fc2_latent_proj = nn.Linear(latent_dim, dim, bias=bias)
        else:
            self.fc1_latent_proj = self.fc2_latent_proj = None
        self.last_topk_idx_TX: torch.Tensor | None = None

    def forward(self, x_TD: torch.Tensor, forced_topk_idx_TX: torch.Tensor | None = None) -> torch.Tensor:
        topk_idx_TX, topk_w_TX = self.gate(x_TD, forced_topk_idx_TX)
        self.last_topk_idx_TX = topk_idx_TX.detach()
        h_TL = self.fc1_latent_proj(x_TD) if self.fc1_latent_proj is not None else x_TD
        # expert outputs accumulate in fp32 and are cast like the reference does (weights are fp32 there too)
        routed_TL = self.experts(h_TL, topk_idx_TX, topk_w_TX).to(x_TD.dtype)
        if self.fc2_latent_proj is not None:
            routed_TL = self.fc2_latent_proj(routed_TL)
        return routed_TL + self.shared_experts(x_TD)
