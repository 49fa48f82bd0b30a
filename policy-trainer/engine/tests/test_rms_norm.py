"""The forward-only Triton norms against the train path's PyTorch norms (values only: they run without autograd).

Checked on CUDA when present, and on CPU through Triton's interpreter in a subprocess.
"""

import torch
from conftest import in_triton_interpreter, requires_cuda

from gauntlet_engine.kernels.rms_norm import rms_norm_triton
from gauntlet_engine.models.common.norm import gated_rms_norm, rms_norm


def _check(device, dtype=torch.float32, tol=1e-5, C=96, group=24):
    torch.manual_seed(0)
    x = 3 * torch.randn(2, 5, C + 4, device=device, dtype=dtype)[..., 1 : 1 + C]  # rows of a wider tensor
    z = torch.randn(2, 5, C, device=device, dtype=dtype)
    w = (1 + torch.randn(C, device=device)).to(dtype)
    torch.testing.assert_close(rms_norm_triton(x, w, 1e-5), rms_norm(x, w, 1e-5), atol=tol, rtol=tol)
    out = rms_norm_triton(x, w, 1e-5, z=z, group_size=group)
    torch.testing.assert_close(out, gated_rms_norm(x, z, w, group, 1e-5), atol=tol, rtol=tol)
    assert out.shape == x.shape and out.dtype == dtype


@requires_cuda
def test_norms_on_cuda():
    _check("cuda")
    _check("cuda", dtype=torch.bfloat16, tol=1e-2, C=2048, group=256)  # the benchmark config's Mamba norm


def test_norms_in_interpreter():
    in_triton_interpreter("test_rms_norm", "_check('cpu')")
