"""Training-step benchmark: the engine vs transformers' NemotronHForCausalLM, same config, same weights.

    python -m gauntlet_engine.bench.train_bench [--config nemotronh-bench.json] [--out results.json]

For each shape it times full steps (forward + backward + AdamW), after warm-up, with CUDA events
synchronised per step, and reports tokens/s, peak memory and MFU against 989 TFLOP/s (H100 dense bf16).
The reference runs after the engine has been freed, on a padded [B, S] batch (it cannot pack), with a
plain policy-gradient loss on fp32 logits and fused AdamW on its bf16 parameters. A shape where a path
runs out of memory is reported as OOM.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

import torch

from gauntlet_engine.bench.flops import forward_flops_per_token, param_counts
from gauntlet_engine.losses.grpo import LossConfig
from gauntlet_engine.models.nemotron_h.config import from_json
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.train.batch import TrainBatch
from gauntlet_engine.train.step import TrainConfig, Trainer

PEAK_FLOPS = 989e12  # H100 SXM dense bf16
DEFAULT_CONFIG = Path(__file__).with_name("nemotronh-bench.json")


def make_batch(vocab: int, n_seqs: int, seq_len: int, seed: int = 0) -> TrainBatch:
    g = torch.Generator().manual_seed(seed)
    T = n_seqs * seq_len
    return TrainBatch.build(
        input_ids=torch.randint(0, vocab, (T,), generator=g),
        cu_seqlens=torch.arange(0, T + 1, seq_len, dtype=torch.int32),
        loss_mask=torch.ones(T, dtype=torch.bool),
        behaviour_logprobs=-torch.rand(T, generator=g) * 3,
        advantages=torch.randn(n_seqs, generator=g),
    )


def _reset_memory():
    gc.collect()
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()


def bench_engine(model, shapes, steps, micro_batch_tokens, fwd_flops, ckpt_above_tokens, label="engine"):
    trainer = Trainer(model, TrainConfig(lr=1e-5, micro_batch_tokens=micro_batch_tokens,
                                         activation_checkpointing=True, loss=LossConfig()))
    rows = []
    for n_seqs, seq_len in shapes:
        batch = make_batch(model.config.vocab_size, n_seqs, seq_len)
        # keep activations when they fit (no recompute), checkpoint blocks for long micro-batches
        model.activation_checkpointing = min(n_seqs * seq_len, micro_batch_tokens) > ckpt_above_tokens
        row = {"path": label, "batch": f"{n_seqs}x{seq_len}", "tokens_per_step": n_seqs * seq_len,
               "activation_checkpointing": model.activation_checkpointing}
        try:
            torch.cuda.reset_peak_memory_stats()
            for _ in range(2):
                trainer.step(batch)  # warm-up: Triton compilation, allocator
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            for _ in range(steps):
                m = trainer.step(batch)
            torch.cuda.synchronize()
            dt = (time.perf_counter() - t0) / steps
            tps = n_seqs * seq_len / dt
            row.update(step_s=dt, tokens_per_s=tps, mfu=3 * fwd_flops(seq_len) * tps / PEAK_FLOPS,
                       peak_mem_gib=torch.cuda.max_memory_allocated() / 2**30, loss=m["loss"])
        except torch.OutOfMemoryError as e:
            row.update(oom=True, peak_mem_gib=torch.cuda.max_memory_allocated() / 2**30, error=str(e)[:300])
            trainer.optimizer.zero_grad()
        print(json.dumps(row), flush=True)
        rows.append(row)
        _reset_memory()
    del trainer
    return rows


def bench_reference(cfg, state_dict, shapes, steps, fwd_flops):
    from transformers import NemotronHForCausalLM

    hf = NemotronHForCausalLM(cfg.to_hf()).to(device="cuda", dtype=torch.bfloat16)
    missing, unexpected = hf.load_state_dict(state_dict, strict=False)
    assert not missing and not unexpected, (missing, unexpected)
    hf.train()
    opt = torch.optim.AdamW(hf.parameters(), lr=1e-5, fused=True)
    rows = []
    for n_seqs, seq_len in shapes:
        batch = make_batch(cfg.vocab_size, n_seqs, seq_len)
        ids = batch.input_ids_T.view(n_seqs, seq_len).cuda()
        adv = batch.advantages_T.view(n_seqs, seq_len).cuda()
        row = {"path": "transformers", "batch": f"{n_seqs}x{seq_len}", "tokens_per_step": n_seqs * seq_len}

        def step():
            logits = hf(ids, use_cache=False).logits[:, :-1]
            lp = torch.log_softmax(logits, -1).gather(-1, ids[:, 1:, None]).squeeze(-1)
            loss = -(lp * adv[:, 1:]).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(hf.parameters(), 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            return loss

        try:
            torch.cuda.reset_peak_memory_stats()
            step()
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            for _ in range(steps):
                step()
            torch.cuda.synchronize()
            dt = (time.perf_counter() - t0) / steps
            tps = n_seqs * seq_len / dt
            row.update(step_s=dt, tokens_per_s=tps, mfu=3 * fwd_flops(seq_len) * tps / PEAK_FLOPS,
                       peak_mem_gib=torch.cuda.max_memory_allocated() / 2**30)
        except torch.OutOfMemoryError:
            row.update(oom=True, peak_mem_gib=torch.cuda.max_memory_allocated() / 2**30)
        opt.zero_grad(set_to_none=True)
        print(json.dumps(row), flush=True)
        rows.append(row)
        _reset_memory()
    del hf, opt
    _reset_memory()
    return rows


def parse_shapes(s: str) -> list[tuple[int, int]]:
    return [tuple(int(v) for v in part.split("x")) for part in s.split(",") if part]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--config", default=str(DEFAULT_CONFIG))
    p.add_argument("--engine-shapes", default="4x1024,16x2048,1x32768")
    p.add_argument("--reference-shapes", default="4x1024,2x4096,1x32768")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--micro-batch-tokens", type=int, default=32768)
    p.add_argument("--skip-reference", action="store_true")
    p.add_argument("--ckpt-above-tokens", type=int, default=8192,
                   help="activation checkpointing only for micro-batches longer than this")
    p.add_argument("--compile", choices=["off", "on", "both"], default="off",
                   help="torch.compile the elementwise-heavy functions (SSD scan, norms, logprobs)")
    p.add_argument("--out", default=None)
    args = p.parse_args(argv)

    if hasattr(torch.backends.cuda.matmul, "fp32_precision"):
        torch.backends.cuda.matmul.fp32_precision = "tf32"  # the SSD scan's fp32 matmuls
    else:
        torch.backends.cuda.matmul.allow_tf32 = True
    cfg = from_json(args.config)
    total, active = param_counts(cfg)
    fwd = lambda seq_len: forward_flops_per_token(cfg, seq_len)  # noqa: E731
    print(json.dumps({"config": args.config, "params_total": total, "params_active": active,
                      "fwd_gflop_per_token_at_1k": fwd(1024) / 1e9, "device": torch.cuda.get_device_name()}), flush=True)
    with torch.device("cuda"):
        model = NemotronH(cfg).init_weights(seed=0)
    model.to_dtype(torch.bfloat16)
    from gauntlet_engine.kernels import set_compile

    rows = []
    for mode in (["off", "on"] if args.compile == "both" else [args.compile]):
        set_compile(mode == "on")
        rows += bench_engine(model, parse_shapes(args.engine_shapes), args.steps, args.micro_batch_tokens, fwd,
                             args.ckpt_above_tokens, label="engine" + ("+compile" if mode == "on" else ""))
    sd = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    del model
    _reset_memory()
    if not args.skip_reference:
        rows += bench_reference(cfg, sd, parse_shapes(args.reference_shapes), args.steps, fwd)
    ref = {r["batch"]: r for r in rows if r["path"] == "transformers" and not r.get("oom")}
    for r in rows:
        if r["path"] != "transformers" and not r.get("oom") and r["batch"] in ref:
            r["speedup_vs_transformers"] = r["tokens_per_s"] / ref[r["batch"]]["tokens_per_s"]
            print(json.dumps({"path": r["path"], "batch": r["batch"], "speedup_vs_transformers": r["speedup_vs_transformers"]}))
    print("\n| path | batch | tokens/s | MFU | peak GiB |\n|---|---|---|---|---|")
    for r in rows:
        if r.get("oom"):
            print(f"| {r['path']} | {r['batch']} | OOM | - | - |")
        else:
            print(f"| {r['path']} | {r['batch']} | {r['tokens_per_s']:.0f} | {100 * r['mfu']:.1f}% | {r['peak_mem_gib']:.1f} |")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
