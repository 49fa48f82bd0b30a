"""GPU fast paths against their references: grouped-GEMM MoE dispatch and varlen flash attention."""

import pytest
import torch
from conftest import requires_cuda

from gauntlet_engine.kernels.moe_dispatch import experts_forward
from gauntlet_engine.kernels.varlen_attention import varlen_causal_attention, varlen_causal_attention_ref
from gauntlet_engine.packing import make_packing


def _rel(a, b):
    return ((a.float() - b.float()).norm() / b.float().norm()).item()


@requires_cuda
def test_grouped_gemm_experts_match_loop():
    torch.manual_seed(0)
    T, D, I, E, X = 3000, 256, 128, 16, 4
    x = torch.randn(T, D, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    up = (torch.randn(E, I, D, device="cuda") * 0.05).bfloat16().requires_grad_()
    down = (torch.randn(E, D, I, device="cuda") * 0.05).bfloat16().requires_grad_()
    idx = torch.rand(T, E, device="cuda").topk(X, dim=-1).indices
    idx[:, 0] = 3  # an uneven load, and expert 5 gets no tokens at all
    idx[idx == 5] = 6
    w = torch.rand(T, X, device="cuda", requires_grad=True)
    g = torch.randn(T, D, device="cuda")
    outs = []
    for impl in ("auto", "ref"):
        y = experts_forward(x, up, down, idx, w, impl=impl)
        outs.append((y,) + torch.autograd.grad(y, (x, up, down, w), g))
    for name, a, b in zip(("out", "dx", "dup", "ddown", "dw"), *outs):
        assert _rel(a, b) < 1e-2, name


@requires_cuda
@pytest.mark.parametrize("lens", [(1024,), (5, 700, 1, 318)])
def test_varlen_flash_attention_matches_per_sequence_sdpa(lens):
    torch.manual_seed(0)
    T, H, K, E = sum(lens), 8, 2, 64
    cu = torch.cumsum(torch.tensor((0,) + lens), 0).cuda()
    pk = make_packing(cu)
    q = torch.randn(T, H, E, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    k = torch.randn(T, K, E, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    v = torch.randn(T, K, E, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    g = torch.randn(T, H, E, device="cuda", dtype=torch.bfloat16)
    o1 = varlen_causal_attention(q, k, v, pk.cu_seqlens_B1, pk.max_seqlen, E**-0.5)
    d1 = torch.autograd.grad(o1, (q, k, v), g)
    o2 = varlen_causal_attention_ref(q.float(), k.float(), v.float(), cu, E**-0.5)
    d2 = torch.autograd.grad(o2, (q, k, v), g.float())
    for name, a, b in zip(("out", "dq", "dk", "dv"), (o1,) + d1, (o2,) + d2):
        assert _rel(a, b) < 2e-2, name
