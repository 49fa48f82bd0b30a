"""Chunked SSD scan against the token-by-token recurrence: values, gradients, packing, initial/final states."""

import pytest
import torch
from conftest import in_triton_interpreter, requires_cuda

from gauntlet_engine.kernels import ssd_scan as ssd_scan_module
from gauntlet_engine.kernels.ssd_scan import ssd_scan_ref, ssd_scan_sequential
from gauntlet_engine.packing import make_packing


def _inputs(lens, H=4, P=3, G=2, N=5, dtype=torch.float64, seed=0, device="cpu"):
    g = torch.Generator().manual_seed(seed)
    T = sum(lens)
    pk = make_packing(torch.cumsum(torch.tensor([0] + lens), 0)).__class__
    packing = make_packing(torch.cumsum(torch.tensor([0] + lens), 0).to(device))
    r = lambda *s: torch.randn(*s, generator=g, dtype=dtype).to(device)  # noqa: E731
    return dict(
        x=r(T, H, P), dt=(torch.rand(T, H, generator=g, dtype=dtype) * 0.5 + 0.01).to(device),
        A=-(torch.rand(H, generator=g, dtype=dtype) * 2 + 0.1).to(device), B=r(T, G, N), C=r(T, G, N), D=r(H),
        h0=r(len(lens), H, P, N), packing=packing,
    )


@pytest.mark.parametrize("lens,Q", [([7], 4), ([5, 9, 3, 12], 4), ([4, 4, 4], 4), ([1, 10, 2], 8), ([33, 2, 17], 8)])
@pytest.mark.parametrize("with_h0", [False, True])
def test_chunked_matches_recurrence(lens, Q, with_h0):
    a = _inputs(lens)
    h0 = a["h0"] if with_h0 else None
    ys, fs = ssd_scan_sequential(a["x"], a["dt"], a["A"], a["B"], a["C"], a["packing"].seq_idx_T, a["D"], h0)
    y, f = ssd_scan_ref(a["x"], a["dt"], a["A"], a["B"], a["C"], Q, a["packing"].seq_idx_T,
                        a["packing"].cu_seqlens_B1, a["D"], h0, return_final_states=True)
    # the chunked scan computes in fp32 even for fp64 inputs
    torch.testing.assert_close(y.double(), ys.double(), atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(f.double(), fs.double(), atol=1e-5, rtol=1e-5)


def test_gradients_match_recurrence():
    a = _inputs([6, 11, 3], dtype=torch.float32)
    leaves = [a[k].clone().requires_grad_() for k in ("x", "dt", "A", "B", "C", "D")]
    x, dt, A, B, C, D = leaves
    seq, cu = a["packing"].seq_idx_T, a["packing"].cu_seqlens_B1
    w = torch.randn_like(a["x"])
    y, f = ssd_scan_ref(x, dt, A, B, C, 4, seq, cu, D, return_final_states=True)
    g1 = torch.autograd.grad((y * w).sum() + f.sum(), leaves)
    ys, fs = ssd_scan_sequential(x, dt, A, B, C, seq, D)
    g2 = torch.autograd.grad((ys * w).sum() + fs.sum(), leaves)
    for name, a1, a2 in zip("x dt A B C D".split(), g1, g2):
        torch.testing.assert_close(a1, a2, atol=2e-4, rtol=2e-4, msg=name)


@requires_cuda
def test_cuda_matches_cpu_in_bf16_inputs():
    a = _inputs([300, 77, 650], H=8, P=16, G=2, N=16, dtype=torch.float32)
    ref = ssd_scan_ref(a["x"], a["dt"], a["A"], a["B"], a["C"], 64, a["packing"].seq_idx_T, a["packing"].cu_seqlens_B1, a["D"])
    c = {k: (v.cuda() if torch.is_tensor(v) else v) for k, v in a.items()}
    pk = make_packing(a["packing"].cu_seqlens_B1.cuda())
    out = ssd_scan_ref(c["x"].bfloat16(), c["dt"], c["A"], c["B"].bfloat16(), c["C"].bfloat16(), 64, pk.seq_idx_T,
                       pk.cu_seqlens_B1, c["D"], out_dtype=torch.float32)
    rel = (out.cpu() - ref).norm() / ref.norm()
    assert rel < 2e-2, rel


def _check_diag_kernel(device, Q=16, N=64, P=16, G=2, R=2, lens=(5, 30, 13)):
    from gauntlet_engine.kernels.ssd_diag import ssd_diag_ref, ssd_diag_triton

    torch.manual_seed(0)
    T = sum(lens)
    Cn = T // Q
    C = torch.randn(Cn, Q, G, N, device=device, requires_grad=True)
    B = torch.randn(Cn, Q, G, N, device=device, requires_grad=True)
    x = torch.randn(Cn, Q, G, R, P, device=device, requires_grad=True)
    cum = (-torch.rand(Cn, Q, G * R, device=device)).cumsum(1).requires_grad_()
    seq = make_packing(torch.cumsum(torch.tensor((0,) + tuple(lens)), 0)).seq_idx_T.to(device).view(Cn, Q)
    g = torch.randn(Cn, Q, G, R, P, device=device)
    outs = []
    for fn in (ssd_diag_triton, ssd_diag_ref):
        y = fn(C, B, x, cum, seq)
        outs.append((y,) + torch.autograd.grad(y, (C, B, x, cum), g))
    for name, a, b in zip(("y", "dC", "dB", "dx", "dcum"), *outs):
        rel = ((a - b).norm() / b.norm()).item()
        assert rel < 1e-5, (name, rel)


def test_diag_kernel_in_triton_interpreter():
    in_triton_interpreter("test_ssd_scan", "_check_diag_kernel('cpu')")


@requires_cuda
def test_diag_kernel_on_cuda_at_model_sizes():
    from gauntlet_engine.kernels.ssd_diag import FALLBACKS

    _check_diag_kernel("cuda", Q=128, N=128, P=64, G=8, R=4, lens=(1000, 1, 2839, 256))
    assert FALLBACKS["count"] == 0, "the kernel did not fit the device and the reference ran instead"


@requires_cuda
def test_chunked_scan_with_triton_diag_matches_recurrence_on_cuda():
    a = _inputs([300, 77, 650], H=8, P=16, G=2, N=16, dtype=torch.float32)
    ys, fs = ssd_scan_sequential(a["x"], a["dt"], a["A"], a["B"], a["C"], a["packing"].seq_idx_T, a["D"])
    pk = make_packing(a["packing"].cu_seqlens_B1.cuda())
    y, f = ssd_scan_ref(*(a[k].cuda() for k in ("x", "dt", "A", "B", "C")), 64, pk.seq_idx_T, pk.cu_seqlens_B1,
                        a["D"].cuda(), return_final_states=True, diag_impl="triton")
    torch.testing.assert_close(y.cpu(), ys, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(f.cpu(), fs, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("lens,Q", [([5, 9, 3, 12], 2), ([1, 10, 2, 1, 1, 7], 2), ([40], 2), ([33, 2, 17], 4)])
def test_blocked_carry_across_chunks_matches_recurrence(monkeypatch, lens, Q):
    # blocks of 2 chunks: many blocks, resets inside blocks and at block edges, a sequence spanning blocks
    monkeypatch.setattr(ssd_scan_module, "CARRY_BLOCK", 2)
    a = _inputs(lens, dtype=torch.float32)
    leaves = [a[k].clone().requires_grad_() for k in ("x", "dt", "A", "B", "C")]
    seq, cu = a["packing"].seq_idx_T, a["packing"].cu_seqlens_B1
    w = torch.randn_like(a["x"])
    y, f = ssd_scan_ref(*leaves, Q, seq, cu, a["D"], a["h0"], return_final_states=True)
    ys, fs = ssd_scan_sequential(*leaves, seq, a["D"], a["h0"])
    torch.testing.assert_close(y, ys, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(f, fs, atol=1e-4, rtol=1e-4)
    g1 = torch.autograd.grad((y * w).sum() + f.sum(), leaves)
    g2 = torch.autograd.grad((ys * w).sum() + fs.sum(), leaves)
    for name, a1, a2 in zip("x dt A B C".split(), g1, g2):
        assert torch.isfinite(a1).all(), name
        torch.testing.assert_close(a1, a2, atol=5e-4, rtol=5e-4, msg=name)
