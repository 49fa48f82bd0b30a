"""The non-gated relu² MLP of NemotronH (also its shared expert): down(relu(up(x))²)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from gauntlet_engine.kernels import compilable


@compilable
def relu2(x: torch.Tensor) -> torch.Tensor:
    return F.relu(x).square()


class MLP(nn.Module):
    def __init__(self, dim: int, hidden_dim: int, bias: bool = False):
        super().__init__()
        self.up_proj = nn.Linear(dim, hidden_dim, bias=bias)
        self.down_proj = nn.Linear(hidden_dim, dim, bias=bias)

    def forward(self, x_TD: torch.Tensor) -> torch.Tensor:
        return self.down_proj(relu2(self.up_proj(x_TD)))
