"""Sort-based MoE token dispatch and the expert MLPs as grouped GEMMs.

Every (token, slot) pair is sorted by expert id, so each expert's rows are contiguous; the two expert
matmuls then run as one grouped GEMM each (``torch._grouped_mm`` on CUDA: one launch for all experts,
no padding, no per-expert Python loop). Outputs are weighted and summed back into token order with
``index_add_``. The reference path runs the same sorted layout with a loop over experts.

Legend: T tokens, X experts per token (top-k), S = T*X routed rows, E experts, D input dim, I intermediate.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from gauntlet_engine.kernels import compilable
from gauntlet_engine.models.common.mlp import relu2


@dataclass(frozen=True, slots=True)
class Dispatch:
    order_S: torch.Tensor
    """Permutation of flattened (token, slot) pairs that sorts them by expert."""
    token_S: torch.Tensor
    """Token index of each sorted row."""
    counts_E: torch.Tensor
    """Rows per expert (int64)."""
    offs_E: torch.Tensor
    """int32 cumulative row ends per expert, the layout grouped GEMMs take."""


def make_dispatch(topk_idx_TX: torch.Tensor, num_experts: int) -> Dispatch:
    X = topk_idx_TX.shape[1]
    flat_S = topk_idx_TX.reshape(-1)
    order_S = torch.argsort(flat_S, stable=True)
    counts_E = torch.bincount(flat_S, minlength=num_experts)
    return Dispatch(order_S=order_S, token_S=order_S // X, counts_E=counts_E,
                    offs_E=torch.cumsum(counts_E, 0).to(torch.int32))


def _grouped_linear_loop(x_SD, w_EOD, counts: list[int]) -> torch.Tensor:
    outs, start = [], 0
    for e, n in enumerate(counts):
        if n:
            outs.append(x_SD[start : start + n] @ w_EOD[e].T)
        start += n
    if not outs:
        return x_SD.new_zeros(0, w_EOD.shape[1])
    return torch.cat(outs)


def grouped_linear(x_SD: torch.Tensor, w_EOD: torch.Tensor, d: Dispatch, impl: str = "auto") -> torch.Tensor:
    """y[rows of expert e] = x[rows of expert e] @ w[e].T, with w stored [E, out, in] like transformers."""
    if impl != "ref" and x_SD.is_cuda and hasattr(torch, "_grouped_mm") and x_SD.dtype == torch.bfloat16:
        return torch._grouped_mm(x_SD, w_EOD.transpose(1, 2), offs=d.offs_E)
    return _grouped_linear_loop(x_SD, w_EOD, d.counts_E.tolist())


@compilable
def experts_forward(
    x_TD: torch.Tensor,
    up_EID: torch.Tensor,
    down_EDI: torch.Tensor,
    topk_idx_TX: torch.Tensor,
    topk_w_TX: torch.Tensor,
    impl: str = "auto",
) -> torch.Tensor:
    """sum_x w[t, x] * down_e(relu²(up_e(x_t))) for e = topk_idx[t, x]. Returns fp32 [T, D]."""
    d = make_dispatch(topk_idx_TX, up_EID.shape[0])
    x_SD = x_TD[d.token_S]
    h_SI = relu2(grouped_linear(x_SD, up_EID, d, impl))
    y_SD = grouped_linear(h_SI, down_EDI, d, impl)
    # un-sort (a permutation: no atomics, deterministic), then weight and sum each token's X rows in fp32
    T, X = topk_idx_TX.shape
    y_TXD = torch.empty_like(y_SD).index_copy(0, d.order_S, y_SD).view(T, X, -1)
    return torch.einsum("txd,tx->td", y_TXD.float(), topk_w_TX.float())
