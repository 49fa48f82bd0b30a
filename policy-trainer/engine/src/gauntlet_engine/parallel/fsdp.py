"""FSDP2 (``torch.distributed.fsdp.fully_shard``) data parallelism for the engine's model.

Each block is its own FSDP unit (all-gathered just before it runs, resharded after), the root holds the
embeddings, final norm and lm_head. Sharded parameters stay fp32 (they are the master weights); compute runs
in ``param_dtype`` (bf16 by default) and gradients are reduced in fp32. The optimizer is torch's AdamW over the
sharded DTensor parameters, with DTensor-aware global-norm clipping. No hand-written collectives: the only
extra communication is the all-reduce of batch counts and metrics in ``Trainer.step``.

One process per GPU (torchrun or torch.multiprocessing); ``tests/test_fsdp.py`` shows the whole setup.
"""

from __future__ import annotations

import torch
from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard


def shard_model(model, param_dtype: torch.dtype | None = torch.bfloat16, reduce_dtype=torch.float32, mesh=None):
    mp = MixedPrecisionPolicy(param_dtype=param_dtype, reduce_dtype=reduce_dtype)
    for block in model.model.layers:
        fully_shard(block, mesh=mesh, mp_policy=mp)
    fully_shard(model, mesh=mesh, mp_policy=mp)
    return model


class ShardedAdamW:
    """AdamW over FSDP2-sharded fp32 parameters, with the same interface as MasterWeightAdamW."""

    def __init__(self, params, *, lr: float, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0):
        self.params = [p for p in params if p.requires_grad]
        self.opt = torch.optim.AdamW(self.params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=True)

    def clip_and_step(self, max_grad_norm: float | None) -> float:
        norm = torch.nn.utils.clip_grad_norm_(self.params, max_grad_norm or float("inf"), foreach=True)
        norm = norm.full_tensor() if hasattr(norm, "full_tensor") else norm
        if torch.isfinite(norm):
            self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        return float(norm)

    def zero_grad(self):
        self.opt.zero_grad(set_to_none=True)

    def state_dict(self):
        return self.opt.state_dict()

    def load_state_dict(self, sd):
        self.opt.load_state_dict(sd)
