"""The Mamba-2 decode step kernels (conv window and SSM state update) against their references.

Checked on CUDA when present, and on CPU through Triton's interpreter in a subprocess (TRITON_INTERPRET must be
set before triton is imported). Inputs are column slices of wider rows, as the decode step passes them.
"""

import torch
from conftest import in_triton_interpreter, requires_cuda

from gauntlet_engine.kernels.mamba_step import conv_step, ssm_step


def _check(device, B=5, S=9, C=96, W=4, H=8, P=16, G=2, N=32, dtype=torch.float32, tol=1e-5):
    torch.manual_seed(0)
    slots = torch.tensor([7, 0, 3, 8, 5][:B], device=device)
    untouched = [s for s in range(S) if s not in slots.tolist()]

    conv = torch.randn(S, W - 1, C, device=device, dtype=dtype)
    rows = torch.randn(B, C + 11, device=device, dtype=dtype)  # x is a slice of a wider row
    w, bias = torch.randn(C, W, device=device, dtype=dtype), torch.randn(C, device=device, dtype=dtype)
    conv_ref = conv.clone()
    out = conv_step(conv, slots, rows[:, 3 : 3 + C], w, bias, impl="triton")
    ref = conv_step(conv_ref, slots, rows[:, 3 : 3 + C], w, bias, impl="ref")
    torch.testing.assert_close(out, ref, atol=tol, rtol=tol)
    torch.testing.assert_close(conv, conv_ref, atol=0, rtol=0)  # the window shifts exactly
    torch.testing.assert_close(conv[slots, -1], rows[:, 3 : 3 + C], atol=0, rtol=0)

    ssm = torch.randn(S, H, P, N, device=device)
    xbc = torch.randn(B, H * P + 2 * G * N + 5, device=device, dtype=dtype)
    x = xbc[:, : H * P].reshape(B, H, P)
    Bm = xbc[:, H * P : H * P + G * N].reshape(B, G, N)
    Cm = xbc[:, H * P + G * N : H * P + 2 * G * N].reshape(B, G, N)
    dt = torch.randn(B, H + 3, device=device, dtype=dtype)[:, 1 : 1 + H] * 4  # some past softplus's threshold
    dt[0, 0] = 25.0
    dt_bias, A_log, D = (torch.randn(H, device=device) for _ in range(3))
    ssm_ref = ssm.clone()
    y = ssm_step(ssm, slots, x, dt, dt_bias, 1e-3, A_log, Bm, Cm, D, impl="triton")
    y_ref = ssm_step(ssm_ref, slots, x, dt, dt_bias, 1e-3, A_log, Bm, Cm, D, impl="ref")
    torch.testing.assert_close(y, y_ref, atol=tol * 10, rtol=tol * 10)
    torch.testing.assert_close(ssm, ssm_ref, atol=tol, rtol=tol)
    torch.testing.assert_close(ssm[untouched], ssm_ref[untouched], atol=0, rtol=0)


@requires_cuda
def test_kernels_on_cuda_fp32_and_bf16():
    _check("cuda")
    _check("cuda", B=3, C=3000, W=4, H=32, P=64, G=8, N=128)  # the benchmark config's shapes
    _check("cuda", dtype=torch.bfloat16, tol=2e-3)


def test_kernels_in_interpreter():
    in_triton_interpreter("test_mamba_step", "_check('cpu')")
