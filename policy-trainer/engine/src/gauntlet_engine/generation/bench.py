"""Decode benchmark: the engine's generation vs transformers ``generate``, same config, same weights.

    python -m gauntlet_engine.generation.bench [--config nemotronh-bench.json] [--batches 1,32,256] [--out r.json]

For each batch size B: B random prompts of ``--prompt`` tokens, then ``--new`` tokens each (greedy, EOS ignored).
  - engine: through the full ``GenerationEngine`` (scheduler, sampling, logprobs, CUDA-graph decode); tokens/s =
    B * new / wall time of the whole request set (prefill included), and decode-only tokens/s from the runner's
    timed decode steps;
  - reference: ``NemotronHForCausalLM.generate`` (transformers, its own cache), bf16, same weights, greedy,
    ``--ref-new`` new tokens (fewer: it is slow); tokens/s = B * ref_new / wall time (prefill included).
Batch-1 roofline: bytes a decode step must read (every weight but the embedding table, only top-k of each MoE
layer's experts, plus the Mamba states and the KV cache) / HBM bandwidth (the device's datasheet figure: 3.35 TB/s
for an H100 SXM, 4.8 TB/s for an H200; ``--hbm-tb-s`` for others).
``--profile`` also lists the CUDA kernels of one eager decode step per batch size (a CUDA graph hides them).
It also checks train/inference logprob agreement: the engine's per-token logprobs of the B=32 run against the train
step's forward (``model(..., logprob_targets_T=...)``) on the same sequences.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

import torch

from gauntlet_engine.generation.engine import GenerationEngine, GenRequest
from gauntlet_engine.generation.sampling import SamplingParams
from gauntlet_engine.models.nemotron_h.config import from_json
from gauntlet_engine.models.nemotron_h.model import NemotronH

HBM_TB_S = {"H200": 4.8, "H100": 3.35}  # datasheet bandwidth by device name (H100: the SXM part)
DEFAULT_CONFIG = Path(__file__).parents[1] / "bench" / "nemotronh-bench.json"


class _NoTok:
    think_start_id = think_end_id = None
    stop_ids = set()

    def token_text(self, i):
        return ""

    def decode(self, ids):
        return ""


def step_bytes(model, prompt: int, new: int) -> float:
    cfg = model.config
    total = 0
    for name, p in model.named_parameters():
        if "embeddings" in name:
            continue
        if ".experts." in name:
            total += p.numel() * p.element_size() * cfg.num_experts_per_tok / cfg.n_routed_experts
        else:
            total += p.numel() * p.element_size()
    for b in model.model.layers:
        if b.kind == "mamba":
            m = b.mixer
            total += 2 * 4 * m.n_heads * m.head_dim * m.state_size  # fp32 state read + write
        elif b.kind == "attention":
            total += 2 * 2 * (prompt + new // 2) * b.mixer.n_kv_heads * b.mixer.head_dim
    return total


def bench_engine(model, B, prompt, new, seed=0, routing=False):
    g = torch.Generator().manual_seed(seed)
    V = model.config.vocab_size
    prompts = [torch.randint(0, V, (prompt,), generator=g).tolist() for _ in range(B)]
    eng = GenerationEngine(model, _NoTok(), max_slots=max(B, 1), max_model_len=prompt + new + 8,
                           max_prefill_tokens=max(8192, prompt))
    try:
        def run(n):
            reqs = [eng.submit(GenRequest(prompt_ids=p, max_tokens=n, sampling=SamplingParams(temperature=0.0),
                                          return_routing=routing))
                    for p in prompts]
            for r in reqs:
                r._done.wait()
                if r.error:
                    raise RuntimeError(r.error)
            return reqs

        run(new)  # warm-up: CUDA graph capture for every bucket this run touches
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        reqs = run(new)
        torch.cuda.synchronize()
        wall = time.perf_counter() - t0
        # decode-only: time raw runner steps on the same slots
        runner = eng.runner
        tokens = torch.tensor([r.token_ids[-1] for r in reqs], device="cuda")
        slots = torch.arange(B, device="cuda")
        pos = torch.full((B,), prompt, device="cuda")
        for _ in range(3):
            runner.decode(tokens, slots, pos, prompt)
        torch.cuda.synchronize()
        n = 50
        t1 = time.perf_counter()
        for _ in range(n):
            out = runner.decode(tokens, slots, pos, prompt)
            out.logits_BV.argmax(-1)
        torch.cuda.synchronize()
        step_s = (time.perf_counter() - t1) / n
        return {"engine_tokens_per_s": B * new / wall, "engine_wall_s": wall,
                "decode_step_ms": step_s * 1e3, "decode_tokens_per_s": B / step_s}, reqs
    finally:
        eng.shutdown()


def hbm_bytes_per_s(device_name: str, override_tb_s: float | None) -> float:
    if override_tb_s:
        return override_tb_s * 1e12
    for key, tb_s in HBM_TB_S.items():
        if key in device_name:
            return tb_s * 1e12
    raise SystemExit(f"unknown HBM bandwidth for {device_name!r}: pass --hbm-tb-s")


def profile_decode_step(model, B, prompt, top=12):
    """Kernels of one eager decode step (B rows at position ``prompt``): count, total time, the costliest."""
    from torch.profiler import ProfilerActivity, profile

    from gauntlet_engine.generation.runner import ModelRunner

    runner = ModelRunner(model, num_slots=B, max_len=prompt + 8, cuda_graphs=False)
    tokens = torch.zeros(B, dtype=torch.long, device="cuda")
    slots = torch.arange(B, device="cuda")
    pos = torch.full((B,), prompt, device="cuda")
    for _ in range(3):
        runner.decode(tokens, slots, pos, prompt)
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        runner.decode(tokens, slots, pos, prompt)
        torch.cuda.synchronize()
    kernels = [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
    by_name: dict[str, list[float]] = {}
    for e in kernels:
        by_name.setdefault(e.name[:90], []).append(e.time_range.elapsed_us())
    ranked = sorted(by_name.items(), key=lambda kv: -sum(kv[1]))[:top]
    del runner
    torch.cuda.empty_cache()
    return {"kernels": len(kernels), "kernel_us": sum(e.time_range.elapsed_us() for e in kernels),
            "top": [{"name": n, "count": len(t), "us": round(sum(t), 1)} for n, t in ranked]}


def logprob_agreement(model, reqs):
    diffs, same, total = [], 0, 0
    with torch.enable_grad():  # as the train step runs it (no-grad forwards take the inference norms)
        for r in reqs:
            seq = r.prompt_ids + r.token_ids
            lp, _ = model(torch.tensor(seq, device="cuda"), logprob_targets_T=torch.tensor(seq[1:], device="cuda"),
                          with_entropy=False)
            ref = lp[len(r.prompt_ids) - 1 :].detach().float().cpu()
            diffs.append((ref - torch.tensor(r.logprobs)).abs())
            if r.routing:  # decode-time experts vs the train forward's, per (token, MoE layer) over completions
                rec = torch.stack([v for _, v in sorted(model.routing_record().items())], 1)[len(r.prompt_ids):-1]
                got = torch.tensor(r.routing)[len(r.prompt_ids):]
                eq = (rec.sort(-1).values.cpu() == got.sort(-1).values).all(-1)
                same, total = same + int(eq.sum()), total + eq.numel()
    d = torch.cat(diffs)
    extra = {"routing_same_fraction": same / total} if total else {}
    return {**extra, "tokens": d.numel(), "max_abs": d.max().item(), "mean_abs": d.mean().item(),
            "p99_abs": d.quantile(0.99).item()}


def bench_reference(model, B, prompt, new, seed=0):
    from transformers import NemotronHForCausalLM

    cfg = model.config
    hf = NemotronHForCausalLM(cfg.to_hf()).to(device="cuda", dtype=torch.bfloat16).eval()
    sd = {k: v for k, v in model.state_dict().items()}
    missing, unexpected = hf.load_state_dict(sd, strict=False)
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, cfg.vocab_size, (B, prompt), generator=g).cuda()
    try:
        with torch.no_grad():
            hf.generate(ids, max_new_tokens=2, min_new_tokens=2, do_sample=False)  # warm-up
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            out = hf.generate(ids, max_new_tokens=new, min_new_tokens=new, do_sample=False,
                              attention_mask=torch.ones_like(ids))
            torch.cuda.synchronize()
            wall = time.perf_counter() - t0
        n = out.shape[1] - prompt
        return {"ref_tokens_per_s": B * n / wall, "ref_wall_s": wall, "ref_new_tokens": n,
                "ref_load_missing": len(missing), "ref_load_unexpected": len(unexpected)}
    except torch.OutOfMemoryError:
        if B <= 32:
            return {"ref_tokens_per_s": None, "ref_error": "OOM"}
        # generate cannot hold the whole batch: run it in sequential chunks of 32 (what a user would do)
        gc.collect()
        torch.cuda.empty_cache()
        t0 = time.perf_counter()
        n = 0
        with torch.no_grad():
            for c in range(0, B, 32):
                out = hf.generate(ids[c : c + 32], max_new_tokens=new, min_new_tokens=new, do_sample=False,
                                  attention_mask=torch.ones_like(ids[c : c + 32]))
                n += out[:, prompt:].numel()
        torch.cuda.synchronize()
        wall = time.perf_counter() - t0
        return {"ref_tokens_per_s": n / wall, "ref_wall_s": wall, "ref_new_tokens": new,
                "ref_note": f"OOM at batch {B}; generate run in chunks of 32"}
    finally:
        del hf
        gc.collect()
        torch.cuda.empty_cache()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--config", default=str(DEFAULT_CONFIG))
    p.add_argument("--batches", default="1,32,256")
    p.add_argument("--prompt", type=int, default=128)
    p.add_argument("--new", type=int, default=256)
    p.add_argument("--ref-new", type=int, default=32)
    p.add_argument("--no-ref", action="store_true")
    p.add_argument("--out")
    p.add_argument("--no-tf32", action="store_true", help="fp32 matmuls in IEEE fp32 (the server enables TF32)")
    p.add_argument("--agreement-only", action="store_true", help="only the logprob agreement at the first batch")
    p.add_argument("--hbm-tb-s", type=float, help="HBM bandwidth for the roofline, if the device is not known")
    p.add_argument("--profile", action="store_true", help="list the kernels of one eager decode step")
    args = p.parse_args(argv)
    torch.backends.cuda.matmul.fp32_precision = "ieee" if args.no_tf32 else "tf32"
    cfg = from_json(args.config)
    with torch.device("cuda"):
        model = NemotronH(cfg).init_weights(seed=0)
    model.to_dtype(torch.bfloat16).eval()
    rows = []
    for B in [int(b) for b in args.batches.split(",")]:
        row = {"batch": B, "prompt": args.prompt, "new": args.new, "device": torch.cuda.get_device_name()}
        r, reqs = bench_engine(model, B, args.prompt, args.new, routing=args.agreement_only)
        row.update(r)
        if args.agreement_only:
            row["tf32"] = not args.no_tf32
            row["logprob_vs_train_step"] = logprob_agreement(model, reqs)
            print(json.dumps(row), flush=True)
            rows.append(row)
            break
        if args.profile:
            row["decode_step_profile"] = profile_decode_step(model, B, args.prompt)
        if B == 1:
            nbytes = step_bytes(model, args.prompt, args.new)
            bandwidth = hbm_bytes_per_s(row["device"], args.hbm_tb_s)
            roof = bandwidth / nbytes
            row.update({"step_bytes": nbytes, "hbm_bytes_per_s": bandwidth, "roofline_tokens_per_s": roof,
                        "roofline_fraction_decode": row["decode_tokens_per_s"] / roof,
                        "roofline_fraction_engine": row["engine_tokens_per_s"] / roof})
        if B == 32 or B == min(int(b) for b in args.batches.split(",")):
            row["logprob_vs_train_step"] = logprob_agreement(model, reqs[: min(32, B)])
        del reqs
        if not args.no_ref:
            row.update(bench_reference(model, B, args.prompt, args.ref_new))
            if row.get("ref_tokens_per_s"):
                row["ratio_engine_vs_ref"] = row["engine_tokens_per_s"] / row["ref_tokens_per_s"]
        print(json.dumps(row), flush=True)
        rows.append(row)
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
