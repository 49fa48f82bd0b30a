"""Kernels with a plain-PyTorch reference beside each fast path.

Every op here has a ``*_ref`` function written for clarity (the ground truth in tests) and, where it pays,
a Triton implementation used automatically on CUDA. ``impl="ref"`` forces the reference anywhere.
"""

from __future__ import annotations

import os

import torch


def triton_available() -> bool:
    try:
        import triton  # noqa: F401
    except ImportError:
        return False
    return True


def use_triton(x: torch.Tensor, impl: str) -> bool:
    """Decide between the Triton kernel and the reference.

    impl: "auto" (Triton on CUDA tensors), "triton" (force; also works on CPU under TRITON_INTERPRET=1),
    or "ref".
    """
    if impl == "ref":
        return False
    if impl == "triton":
        return True
    if impl != "auto":
        raise ValueError(f"unknown kernel impl {impl!r}; expected auto, triton or ref")
    return x.is_cuda and triton_available() and os.environ.get("GAUNTLET_KERNELS", "auto") != "ref"
