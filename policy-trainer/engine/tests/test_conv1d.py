"""Causal depthwise conv1d with packed sequences: the reference, and the Triton kernel (forward + backward).

The Triton kernel is checked on CUDA when present, and on CPU through Triton's interpreter in a subprocess
(TRITON_INTERPRET must be set before triton is imported).
"""

import torch
import torch.nn.functional as F
from conftest import in_triton_interpreter, requires_cuda

from gauntlet_engine.kernels.conv1d import causal_conv1d, causal_conv1d_ref
from gauntlet_engine.packing import make_packing


def _per_sequence_conv(x_TC, w_CW, b_C, cu):
    outs = []
    for s, e in zip(cu[:-1].tolist(), cu[1:].tolist()):
        seq = x_TC[s:e].T[None]
        y = F.conv1d(seq, w_CW[:, None], b_C, padding=w_CW.shape[1] - 1, groups=w_CW.shape[0])[..., : e - s]
        outs.append(F.silu(y[0].T))
    return torch.cat(outs)


def test_reference_equals_conv_per_sequence():
    cu = torch.tensor([0, 3, 20, 21, 40])
    x, w, b = torch.randn(40, 12), torch.randn(12, 4), torch.randn(12)
    out = causal_conv1d_ref(x, w, b, make_packing(cu).seq_idx_T)
    torch.testing.assert_close(out, _per_sequence_conv(x, w, b, cu))


def _check_triton(device, T=300, C=200, lens=(5, 120, 1, 174), dtype=torch.float32, tol=1e-4):
    torch.manual_seed(0)
    cu = torch.cumsum(torch.tensor((0,) + lens), 0).to(device)
    seq = make_packing(cu).seq_idx_T
    x = torch.randn(T, C, device=device, dtype=dtype, requires_grad=True)
    w = torch.randn(C, 4, device=device, dtype=dtype, requires_grad=True)
    b = torch.randn(C, device=device, dtype=dtype, requires_grad=True)
    g = torch.randn(T, C, device=device, dtype=dtype)
    y1 = causal_conv1d(x, w, b, seq, "silu", impl="triton")
    d1 = torch.autograd.grad(y1, (x, w, b), g)
    y2 = causal_conv1d_ref(x.float(), w.float(), b.float(), seq, "silu")
    d2 = torch.autograd.grad(y2, (x, w, b), g.float())
    for name, a, r in zip(("out", "dx", "dw", "db"), (y1,) + d1, (y2,) + d2):
        err = ((a.float() - r.float()).norm() / r.float().norm()).item()
        assert err < tol, f"{name}: relative error {err}"


@requires_cuda
def test_triton_kernel_on_cuda_fp32_and_bf16():
    _check_triton("cuda", T=5000, C=1152, lens=(1000, 1, 2999, 1000))
    _check_triton("cuda", T=5000, C=1152, lens=(1000, 1, 2999, 1000), dtype=torch.bfloat16, tol=1e-2)


def test_triton_kernel_in_interpreter():
    in_triton_interpreter("test_conv1d", "_check_triton('cpu', T=70, C=40, lens=(3, 60, 7))")
