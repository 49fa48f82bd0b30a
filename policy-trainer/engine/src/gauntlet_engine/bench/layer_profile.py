"""Per-layer-kind forward+backward time and peak memory, and a kernel-time profile of one train step.

    python -m gauntlet_engine.bench.layer_profile [--tokens 4096,32768]

Diagnostics for tuning (not a benchmark of record): where a step's time and memory go.
"""

from __future__ import annotations

import argparse
import json

import torch

from gauntlet_engine.bench.train_bench import DEFAULT_CONFIG, make_batch
from gauntlet_engine.models.nemotron_h.config import from_json
from gauntlet_engine.models.nemotron_h.model import Block, NemotronH
from gauntlet_engine.packing import make_packing
from gauntlet_engine.train.step import TrainConfig, Trainer


def time_block(block, T, D, reps=3):
    packing = make_packing(torch.tensor([0, T], dtype=torch.int32, device="cuda"))
    x = torch.randn(T, D, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    g = torch.randn(T, D, device="cuda", dtype=torch.bfloat16)
    block(x, packing).backward(g)  # warm-up
    torch.cuda.synchronize()
    base = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(reps):
        block(x, packing).backward(g)
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / reps, (torch.cuda.max_memory_allocated() - base) / 2**30


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--config", default=str(DEFAULT_CONFIG))
    p.add_argument("--tokens", default="4096,32768")
    p.add_argument("--profile-step", default="4x1024")
    args = p.parse_args(argv)
    torch.backends.cuda.matmul.fp32_precision = "tf32"
    cfg = from_json(args.config)
    for T in [int(t) for t in args.tokens.split(",")]:
        for i, kind in enumerate(["mamba", "moe", "attention"]):
            idx = cfg.layer_types.index(kind)
            with torch.device("cuda"):
                block = Block(cfg, idx)
            block.to(torch.bfloat16)
            try:
                ms, gib = time_block(block, T, cfg.hidden_size)
                print(json.dumps({"tokens": T, "layer": kind, "fwd_bwd_ms": round(ms, 2), "peak_extra_gib": round(gib, 2)}))
            except torch.OutOfMemoryError as e:
                print(json.dumps({"tokens": T, "layer": kind, "oom": str(e)[:200]}))
            del block
            torch.cuda.empty_cache()
    # kernel profile of whole train steps
    n, s = (int(v) for v in args.profile_step.split("x"))
    with torch.device("cuda"):
        model = NemotronH(cfg).init_weights(seed=0)
    model.to_dtype(torch.bfloat16)
    trainer = Trainer(model, TrainConfig(lr=1e-5, micro_batch_tokens=n * s))
    batch = make_batch(cfg.vocab_size, n, s)
    for _ in range(2):
        trainer.step(batch)
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CUDA, ProfilerActivity.CPU]) as prof:
        m = trainer.step(batch)
    print(json.dumps({"step_s": m["step_seconds"], "tokens_per_s": m["tokens_per_second"]}))
    print(prof.key_averages().table(sort_by="cuda_time_total", row_limit=40, max_name_column_width=60))


if __name__ == "__main__":
    main()
