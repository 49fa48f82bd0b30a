"""Probe the Triton SSD diagonal-block kernel at the benchmark's sizes (bf16 and fp32, growing chunk counts):
forward + backward against the reference. Run with CUDA_LAUNCH_BLOCKING=1 to pin down a failing launch."""

import sys

import torch

from gauntlet_engine.kernels.ssd_diag import FALLBACKS, ssd_diag_ref, ssd_diag_triton


def probe(Cn, dtype, Q=128, G=8, R=4, N=128, P=64):
    torch.manual_seed(0)
    dev = "cuda"
    C = torch.randn(Cn, Q, G, N, device=dev).to(dtype).requires_grad_()
    B = torch.randn(Cn, Q, G, N, device=dev).to(dtype).requires_grad_()
    x = torch.randn(Cn, Q, G, R, P, device=dev).to(dtype).requires_grad_()
    cum = (-torch.rand(Cn, Q, G * R, device=dev) * 0.1).cumsum(1).requires_grad_()
    seq = torch.zeros(Cn, Q, dtype=torch.int64, device=dev)
    g = torch.randn(Cn, Q, G, R, P, device=dev)
    outs = []
    for fn in (ssd_diag_triton, ssd_diag_ref):
        y = fn(C, B, x, cum, seq)
        outs.append((y,) + torch.autograd.grad(y, (C, B, x, cum), g))
        torch.cuda.synchronize()
    errs = {n: round(((a.float() - b.float()).norm() / b.float().norm()).item(), 5)
            for n, a, b in zip(("y", "dC", "dB", "dx", "dcum"), *outs)}
    print(Cn, dtype, errs, "fallbacks", FALLBACKS["count"], flush=True)


if __name__ == "__main__":
    for dtype in (torch.float32, torch.bfloat16):
        for Cn in (32, 64, 128, 256):
            try:
                probe(Cn, dtype)
            except Exception as e:  # noqa: BLE001 - report and stop: a CUDA error poisons the context
                print(Cn, dtype, "FAILED", type(e).__name__, str(e)[:200], flush=True)
                sys.exit(1)
