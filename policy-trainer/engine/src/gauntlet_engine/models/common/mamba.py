"""Mamba-2 mixer: in_proj -> causal depthwise conv1d + SiLU -> SSD chunked scan -> gated RMSNorm -> out_proj.

Packed sequences: the conv and the scan both take ``seq_idx``, so no state crosses a sequence boundary
(transformers' fallback ignores packing and would leak both). dt goes through bias + softplus + clamp in fp32,
and the SSM state is fp32, so the train step sees the same numbers as an fp32-state generator.

Legend: T tokens, D model dim, H heads, P head dim, G groups, N state size, W conv width,
I = H * P inner dim, C = I + 2 * G * N conv channels.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from gauntlet_engine.kernels import compilable
from gauntlet_engine.kernels.conv1d import causal_conv1d
from gauntlet_engine.kernels.ssd_scan import ssd_scan
from gauntlet_engine.models.common.norm import GatedRMSNorm
from gauntlet_engine.packing import Packing


@compilable
def _dt_softplus(dt_TH: torch.Tensor, dt_bias_H: torch.Tensor, dt_min: float) -> torch.Tensor:
    return F.softplus(dt_TH.float() + dt_bias_H.float()).clamp(min=dt_min)


class Mamba2Mixer(nn.Module):
    def __init__(self, *, dim: int, n_heads: int, head_dim: int, n_groups: int, state_size: int, conv_kernel: int,
                 chunk_size: int, dt_min_clamp: float, conv_bias: bool = True, proj_bias: bool = False,
                 norm_eps: float = 1e-5):
        super().__init__()
        self.n_heads, self.head_dim, self.n_groups, self.state_size = n_heads, head_dim, n_groups, state_size
        self.chunk_size = chunk_size
        self.inner = n_heads * head_dim
        self.conv_dim = self.inner + 2 * n_groups * state_size
        # Same limit as transformers' NemotronH: dt is clamped below at time_step_min, no upper limit.
        self.dt_limit = (dt_min_clamp, float("inf"))
        self.in_proj = nn.Linear(dim, self.inner + self.conv_dim + n_heads, bias=proj_bias)
        # nn.Conv1d only to keep transformers' parameter names and shapes ([C, 1, W]); forward uses our kernel
        self.conv1d = nn.Conv1d(self.conv_dim, self.conv_dim, conv_kernel, groups=self.conv_dim, bias=conv_bias,
                                padding=conv_kernel - 1)
        self.dt_bias = nn.Parameter(torch.ones(n_heads))
        self.A_log = nn.Parameter(torch.log(torch.arange(1, n_heads + 1, dtype=torch.float32)))
        self.D = nn.Parameter(torch.ones(n_heads))
        self.norm = GatedRMSNorm(self.inner, group_size=self.inner // n_groups, eps=norm_eps)
        self.out_proj = nn.Linear(self.inner, dim, bias=proj_bias)

    def forward(self, x_TD: torch.Tensor, packing: Packing, initial_states_BHPN=None, return_final_states=False):
        T = x_TD.shape[0]
        H, P, G, N = self.n_heads, self.head_dim, self.n_groups, self.state_size
        z_TI, xBC_TC, dt_TH = self.in_proj(x_TD).split([self.inner, self.conv_dim, H], dim=-1)
        xBC_TC = causal_conv1d(xBC_TC, self.conv1d.weight.squeeze(1), self.conv1d.bias, packing.seq_idx_T, "silu")
        x_TI, B_TGN, C_TGN = xBC_TC.split([self.inner, G * N, G * N], dim=-1)
        dt_TH = _dt_softplus(dt_TH, self.dt_bias, self.dt_limit[0])
        A_H = -torch.exp(self.A_log.float())
        out = ssd_scan(
            x_TI.reshape(T, H, P), dt_TH, A_H, B_TGN.reshape(T, G, N), C_TGN.reshape(T, G, N), self.chunk_size,
            packing.seq_idx_T, packing.cu_seqlens_B1, D_H=self.D, initial_states_BHPN=initial_states_BHPN,
            return_final_states=return_final_states, out_dtype=torch.float32,
        )
        y_THP, final = (out if return_final_states else (out, None))
        # y stays fp32 into the gated norm (as in the reference); the norm's output is cast to the model dtype
        y_TD = self.out_proj(self.norm(y_THP.reshape(T, self.inner), z_TI).to(x_TD.dtype))
        return (y_TD, final) if return_final_states else y_TD

    @torch.no_grad()
    def reset_ssm_parameters(self, dt_min: float, dt_max: float, dt_floor: float):
        """Mamba-2 initialisation of dt_bias (inverse softplus of a log-uniform dt), A_log and D."""
        dt = torch.exp(torch.rand(self.n_heads) * (math.log(dt_max) - math.log(dt_min)) + math.log(dt_min))
        dt = dt.clamp(min=dt_floor)
        self.dt_bias.copy_(dt + torch.log(-torch.expm1(-dt)))
        self.A_log.copy_(torch.log(torch.arange(1, self.n_heads + 1, dtype=torch.float32)))
        self.D.fill_(1.0)
