"""One GRPO optimizer step over a packed batch: micro-batches, loss, backward, clip, AdamW, metrics.

The whole batch's token and sequence counts are fixed first (``Normalizer``), every micro-batch's loss is
divided by them, and gradients accumulate: the update is the same however the batch is split.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch
import torch.distributed as dist

from gauntlet_engine.losses.grpo import LossConfig, Normalizer, grpo_loss, normalizer_for
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.packing import make_packing
from gauntlet_engine.train.batch import TrainBatch
from gauntlet_engine.train.optim import MasterWeightAdamW


@dataclass(kw_only=True, slots=True)
class TrainConfig:
    lr: float = 1e-6
    betas: tuple[float, float] = (0.9, 0.999)
    weight_decay: float = 0.0
    eps: float = 1e-8
    max_grad_norm: float | None = 1.0
    """Clip the global gradient norm to this (None: no clipping; the norm is still reported)."""
    micro_batch_tokens: int = 16384
    """Tokens per forward/backward; sequences are never split across micro-batches."""
    activation_checkpointing: bool = True
    loss: LossConfig = field(default_factory=LossConfig)


def sequence_logprobs(model: NemotronH, ids_T, packing, forced_routing=None, with_entropy=True):
    """logp[t] = log p(ids[t] | ids[<t] of the same sequence); 0 (and entropy 0) at each sequence's first token."""
    lp, ent = model(ids_T, packing=packing, forced_routing=forced_routing or None, logprob_targets_T=ids_T[1:],
                    with_entropy=with_entropy)
    zero = lp.new_zeros(1)
    lp = torch.cat([zero, lp])
    ent = torch.cat([zero, ent]) if with_entropy else None
    starts = packing.cu_seqlens_B1[:-1].long()
    lp = lp.index_fill(0, starts, 0.0)
    if ent is not None:
        ent = ent.index_fill(0, starts, 0.0)
    return lp, ent


class Trainer:
    def __init__(self, model: NemotronH, cfg: TrainConfig, ref_model: NemotronH | None = None, optimizer=None,
                 data_parallel: bool | None = None):
        """optimizer: defaults to fp32-master AdamW; pass ``parallel.fsdp.ShardedAdamW`` for an FSDP2 model.

        data_parallel (default: whether torch.distributed is initialised): every rank calls ``step`` with its own
        share of the batch; batch counts are summed over ranks first, so the loss normalisation is global (the
        same update as one big batch).
        """
        self.model, self.cfg, self.ref_model = model, cfg, ref_model
        if data_parallel is None:
            data_parallel = dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1
        self.data_parallel = data_parallel
        cfg.loss.validate()
        model.activation_checkpointing = cfg.activation_checkpointing
        self.optimizer = optimizer or MasterWeightAdamW(model.parameters(), lr=cfg.lr, betas=cfg.betas, eps=cfg.eps,
                                                        weight_decay=cfg.weight_decay)
        self.step_count = 0

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    def step(self, batch: TrainBatch, loss_cfg: LossConfig | None = None) -> dict[str, float]:
        loss_cfg = (loss_cfg or self.cfg.loss).validate()
        if loss_cfg.kl_coef and batch.ref_logprobs_T is None and self.ref_model is None:
            raise ValueError("kl_coef > 0 needs ref_logprobs in the batch or a reference model in the engine")
        dev = self.device
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)
        t0 = time.perf_counter()
        self.model.train()
        cpu = batch.to("cpu")  # counts and packing indices are built on the host, then copied once
        norm = normalizer_for(cpu.loss_mask_T, make_packing(cpu.cu_seqlens_B1).seq_idx_T, cpu.num_seqs)
        world = dist.get_world_size() if self.data_parallel else 1
        if world > 1:
            counts = torch.tensor([norm.tokens, norm.seqs], dtype=torch.float64, device=dev)
            dist.all_reduce(counts)
            norm = Normalizer(tokens=int(counts[0]), seqs=int(counts[1]))
        totals: dict[str, torch.Tensor] = {}
        loss_total = torch.zeros((), device=dev)
        for mb in cpu.split(self.cfg.micro_batch_tokens):
            packing = make_packing(mb.cu_seqlens_B1, device=dev)
            mb = mb.to(dev)
            ref_lp = mb.ref_logprobs_T
            if loss_cfg.kl_coef and ref_lp is None:
                with torch.no_grad():
                    self.ref_model.eval()
                    ref_lp, _ = sequence_logprobs(self.ref_model, mb.input_ids_T, packing, with_entropy=False)
            lp, ent = sequence_logprobs(self.model, mb.input_ids_T, packing, mb.routing,
                                        with_entropy="grad" if loss_cfg.entropy_coef else True)
            loss, sums = grpo_loss(
                loss_cfg, logp_T=lp, behaviour_logp_T=mb.behaviour_logprobs_T, advantages_T=mb.advantages_T,
                loss_mask_T=mb.loss_mask_T, seq_idx_T=packing.seq_idx_T, num_seqs=mb.num_seqs, norm=norm,
                ref_logp_T=ref_lp, entropy_T=ent,
            )
            # data-parallel gradients are averaged over ranks; the loss is already divided by global counts,
            # so scale by the world size to make the average a sum
            (loss * world if world > 1 else loss).backward()
            loss_total += loss.detach()
            for k, v in sums.items():
                totals[k] = totals[k] + v.float() if k in totals else v.float()
        totals["batch_tokens"] = torch.tensor(float(batch.num_tokens), device=dev)
        totals["batch_seqs"] = torch.tensor(float(batch.num_seqs), device=dev)
        keys = sorted(totals)
        stacked = torch.stack([loss_total.float()] + [totals[k] for k in keys])
        if world > 1:
            dist.all_reduce(stacked)
        values = stacked.tolist()  # the one host sync of the step
        loss_total, totals = values[0], dict(zip(keys, values[1:]))
        grad_norm = self.optimizer.clip_and_step(self.cfg.max_grad_norm)
        self.step_count += 1
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)
        elapsed = time.perf_counter() - t0
        tok = max(totals.get("tokens", 0.0), 1.0)
        metrics = {
            "loss": loss_total,
            "grad_norm": grad_norm,
            "clip_fraction": totals["clip_frac_sum"] / tok,
            "ratio_mean": totals["ratio_sum"] / tok,
            "entropy": totals.get("entropy_sum", 0.0) / tok,
            "kl": totals.get("kl_sum", 0.0) / tok,
            "mismatch_k1": totals["mismatch_k1_sum"] / tok,
            "mismatch_k3": totals["mismatch_k3_sum"] / tok,
            "mismatch_abs": totals["mismatch_abs_sum"] / tok,
            "is_weight_mean": totals["is_weight_sum"] / tok,
            "mismatch_seq_fraction": totals["mismatch_seqs"] / max(totals["seqs"], 1.0),
            "masked_seq_fraction": totals["masked_seqs"] / max(totals["seqs"], 1.0),
            "loss_tokens": totals["tokens"],
            "sequences": totals["batch_seqs"],
            "tokens": totals["batch_tokens"],
            "step_seconds": elapsed,
            "tokens_per_second": totals["batch_tokens"] / elapsed,
            "step": float(self.step_count),
        }
        if dev.type == "cuda":
            metrics["peak_memory_gib"] = torch.cuda.max_memory_allocated(dev) / 2**30
        return metrics

    def state_dict(self) -> dict:
        return {"optimizer": self.optimizer.state_dict(), "step": self.step_count}

    def load_state_dict(self, sd: dict) -> None:
        self.optimizer.load_state_dict(sd["optimizer"])
        self.step_count = int(sd["step"])
