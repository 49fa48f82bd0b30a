"""The fused MoE decode kernels (router, expert up- and down-projection) against the train path's MoE.

Checked on CUDA when present, and on CPU through Triton's interpreter in a subprocess. Shapes are deliberately
off the kernels' block sizes (D, I, E and the row count are not multiples of them).
"""

import pytest
import torch
from conftest import in_triton_interpreter, requires_cuda

from gauntlet_engine.kernels.moe_decode import MAX_ROWS, fused_experts, fused_route, fused_supported
from gauntlet_engine.kernels.moe_dispatch import experts_forward
from gauntlet_engine.models.common.moe import route


def _by_expert(idx_TX, w_TX):
    order = idx_TX.argsort(dim=1)
    return idx_TX.gather(1, order), w_TX.gather(1, order)


def _check_route(device, T, D=200, E=40, X=6, dtype=torch.float32, norm=True):
    torch.manual_seed(T)
    x = torch.randn(T, D + 7, device=device, dtype=dtype)[:, 3 : 3 + D]  # a column slice, as the step passes
    weight = (0.1 * torch.randn(E, D, device=device)).to(dtype)
    bias = 0.3 * torch.randn(E, device=device)
    idx, w = fused_route(x, weight, bias, X, norm, 2.5)
    idx_ref, w_ref = route(x, weight, bias, None, X, 1, 1, norm, 2.5)
    idx, w = _by_expert(idx, w)
    idx_ref, w_ref = _by_expert(idx_ref, w_ref)
    assert torch.equal(idx, idx_ref)
    torch.testing.assert_close(w, w_ref, atol=1e-5, rtol=1e-5)


def _check_experts(device, T, D=200, I=72, E=40, X=6, dtype=torch.float32, tol=1e-4):
    torch.manual_seed(100 + T)
    x = torch.randn(T, D, device=device, dtype=dtype)
    up = (0.1 * torch.randn(E, I, D, device=device)).to(dtype)
    down = (0.1 * torch.randn(E, D, I, device=device)).to(dtype)
    idx = torch.stack([torch.randperm(E - 3, device=device)[:X] for _ in range(T)])  # experts E-3.. stay unchosen
    w = torch.rand(T, X, device=device)
    ref = experts_forward(x, up, down, idx, w)
    # an expert no row chose is never read: poisoning its weights must not change a thing
    up[E - 3 :], down[E - 3 :] = float("nan"), float("nan")
    out = fused_experts(x, up, down, idx, w)
    assert out.dtype == torch.float32 and out.shape == (T, D)
    torch.testing.assert_close(out, ref, atol=tol, rtol=tol)


def _check(device, dtype=torch.float32, tol=1e-4):
    for T in (1, 5, 37):
        _check_route(device, T, dtype=dtype)
        _check_experts(device, T, dtype=dtype, tol=tol)
    _check_route(device, 3, norm=False, E=64, X=8, dtype=dtype)


def test_supported_only_for_small_ungrouped_batches():
    x = torch.zeros(MAX_ROWS, 4)
    assert fused_supported(x, 1, 1) and fused_supported(x, 4, 4)
    assert not fused_supported(x, 4, 2)  # group-limited routing stays on the reference
    assert not fused_supported(torch.zeros(MAX_ROWS + 1, 4), 1, 1)


@requires_cuda
def test_kernels_on_cuda():
    _check("cuda")
    _check_route("cuda", 32, D=2048, E=64)  # the benchmark config's shapes
    for T in (1, 32, 64):
        _check_experts("cuda", T, D=2048, I=768, E=64, dtype=torch.bfloat16, tol=3e-2)


def test_kernels_in_interpreter():
    in_triton_interpreter("test_moe_decode", "_check('cpu')")


def test_runner_takes_the_fused_path_only_when_asked(monkeypatch):
    from gauntlet_engine.generation.runner import ModelRunner
    from gauntlet_engine.models.nemotron_h.config import debug
    from gauntlet_engine.models.nemotron_h.model import NemotronH

    model = NemotronH(debug())
    assert not ModelRunner(model, num_slots=1, max_len=8).fused_moe
    monkeypatch.setenv("GAUNTLET_MOE_DECODE", "fused")
    assert ModelRunner(model, num_slots=1, max_len=8).fused_moe
    monkeypatch.setenv("GAUNTLET_MOE_DECODE", "fast")
    with pytest.raises(ValueError, match="GAUNTLET_MOE_DECODE"):
        ModelRunner(model, num_slots=1, max_len=8)
