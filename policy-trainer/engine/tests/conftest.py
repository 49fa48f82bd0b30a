import os
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# one thread: CI machines have 2 shared cores, and oversubscribed intra-op threads run ~10x slower there
torch.set_num_threads(1)

requires_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def in_triton_interpreter(module: str, call: str) -> None:
    """Runs ``module.call`` (a test module's checker) on CPU under Triton's interpreter, in a subprocess:
    TRITON_INTERPRET must be set before triton is imported. Skips where triton is not installed."""
    import subprocess

    code = f"import sys; sys.path[:0] = ['tests', 'src']; import {module} as t; t.{call}"
    r = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1],
                       env=dict(os.environ, TRITON_INTERPRET="1"), capture_output=True, text=True, timeout=300)
    if r.returncode != 0 and "No module named 'triton'" in r.stderr:
        pytest.skip("triton is not installed")
    assert r.returncode == 0, r.stderr[-3000:]


def hf_reference(cfg, seed: int = 0):
    """transformers' NemotronHForCausalLM on cfg, with SSM/router parameters pushed off their init values
    so parity tests exercise every term (dt_bias, A_log, D, the correction bias)."""
    from transformers import NemotronHForCausalLM

    torch.manual_seed(seed)
    hf = NemotronHForCausalLM(cfg.to_hf()).eval()
    with torch.no_grad():
        for name, p in hf.named_parameters():
            if name.endswith(("A_log", "dt_bias", ".D")) or "norm" in name:
                p.add_(0.2 * torch.randn_like(p))
            elif p.dim() >= 2:
                p.normal_(0.0, 0.08)  # larger than the 0.02 init so logits are not all near zero
            elif name.endswith("bias"):
                p.normal_(0.0, 0.05)
        for name, b in hf.named_buffers():
            if name.endswith("e_score_correction_bias"):
                b.copy_(0.3 * torch.randn_like(b))
    return hf
