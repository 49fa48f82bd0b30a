"""Kernels with a plain-PyTorch reference beside each fast path.

Every op here has a ``*_ref`` function written for clarity (the ground truth in tests) and, where it pays,
a Triton implementation used automatically on CUDA. ``impl="ref"`` forces the reference anywhere.
"""

from __future__ import annotations

import os
import warnings

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


_COMPILE = {"on": os.environ.get("GAUNTLET_COMPILE", "0") == "1"}


def set_compile(on: bool) -> None:
    """Route the functions wrapped by ``compilable`` through torch.compile (fuses their elementwise chains)."""
    _COMPILE["on"] = bool(on)


def compilable(fn):
    """Wrap fn so that, when compilation is switched on, calls go to a lazily built ``torch.compile(fn)``.

    Shapes are dynamic (every packed batch has a different token count), so one graph serves all batches.
    """
    compiled = {}

    def wrapper(*args, **kwargs):
        if not _COMPILE["on"] or compiled.get("failed"):
            return fn(*args, **kwargs)
        if "fn" not in compiled:
            compiled["fn"] = torch.compile(fn, dynamic=True)
        try:
            return compiled["fn"](*args, **kwargs)
        except torch._dynamo.exc.TorchDynamoException as e:  # a compiler failure costs speed, not the step
            # (only compiler errors: other exceptions, e.g. activation checkpointing's early-stop signal, must
            # propagate untouched)
            warnings.warn(f"torch.compile of {fn.__name__} failed, running it eagerly: {type(e).__name__}: {e}")
            compiled["failed"] = True
            return fn(*args, **kwargs)

    wrapper.__wrapped__ = fn
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper
