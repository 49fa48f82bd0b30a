"""Train steps on a GRPO-shaped packed batch (many short sequences) on CPU: the packed paths vs the per-sequence
baseline they replaced, same model, same weights, same batch, in one run.

    python -m gauntlet_engine.bench.grpo_batch_cpu [--prompts 64] [--group 8] [--prompt-tokens 24] [--threads 2]

Baseline: attention as one SDPA call per sequence, and the carry across SSD chunks as one [chunks, chunks] decay
matrix over the whole batch. Gauntlet: one SDPA call on a right-padded batch, and the blocked carry. Both are
exact; the script checks that the two give the same loss before timing. This is the shape of the end-to-end
learning test's steps (the debug model, one-token answers).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

import torch

from gauntlet_engine.kernels import ssd_scan, varlen_attention
from gauntlet_engine.models.nemotron_h.config import debug
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.train.batch import TrainBatch
from gauntlet_engine.train.step import TrainConfig, Trainer


@contextlib.contextmanager
def per_sequence_baseline():
    """Switch both packed paths off: padded attention never qualifies, and one block holds every chunk."""
    saved = varlen_attention.PADDING_OVERHEAD, ssd_scan.CARRY_BLOCK
    varlen_attention.PADDING_OVERHEAD, ssd_scan.CARRY_BLOCK = 0.0, 1 << 30
    try:
        yield
    finally:
        varlen_attention.PADDING_OVERHEAD, ssd_scan.CARRY_BLOCK = saved


def grpo_batch(prompts: int, group: int, prompt_tokens: int, vocab: int, seed: int = 0) -> TrainBatch:
    g = torch.Generator().manual_seed(seed)
    B, L = prompts * group, prompt_tokens + 1
    ids = torch.randint(9, vocab, (B * L,), generator=g)
    cu = torch.arange(0, B * L + 1, L, dtype=torch.int32)
    mask = torch.zeros(B * L)
    mask[cu[1:].long() - 1] = 1  # the one sampled token of each sequence
    return TrainBatch.build(input_ids=ids, cu_seqlens=cu, loss_mask=mask, behaviour_logprobs=-2.0 * mask,
                            advantages=torch.randn(B, generator=g))


def time_steps(batch: TrainBatch, steps: int) -> tuple[float, float]:
    """Median seconds per step over ``steps`` timed steps after one warm-up, and the first step's loss."""
    model = NemotronH(debug()).init_weights(seed=0)
    trainer = Trainer(model, TrainConfig(lr=0.0, activation_checkpointing=False))
    loss = trainer.step(batch)["loss"]
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        trainer.step(batch)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), loss


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--prompts", type=int, default=64)
    p.add_argument("--group", type=int, default=8)
    p.add_argument("--prompt-tokens", type=int, default=24)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    batch = grpo_batch(a.prompts, a.group, a.prompt_tokens, debug().vocab_size)
    with per_sequence_baseline():
        base_s, base_loss = time_steps(batch, a.steps)
    ours_s, ours_loss = time_steps(batch, a.steps)
    if abs(base_loss - ours_loss) > 1e-4 * max(1.0, abs(base_loss)):
        raise SystemExit(f"the paths disagree: loss {ours_loss} vs baseline {base_loss}")
    tokens = batch.num_tokens
    print(f"batch: {batch.num_seqs} sequences x {a.prompt_tokens + 1} tokens = {tokens} tokens, "
          f"{a.threads} threads, median of {a.steps} steps")
    print(f"baseline (per-sequence attention, [C, C] carry): {base_s:.3f} s/step  {tokens / base_s:,.0f} tokens/s")
    print(f"gauntlet (padded attention, blocked carry):      {ours_s:.3f} s/step  {tokens / ours_s:,.0f} tokens/s")
    print(f"ratio: {base_s / ours_s:.2f}x")


if __name__ == "__main__":
    main()
