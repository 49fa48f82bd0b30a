"""Time one decode-step MoE layer at the benchmark's shapes: the fused Triton kernels (several tile choices) against
the grouped-GEMM path they replace (``route`` + ``runner._grouped_experts_nosync``), side by side.

    python -m gauntlet_engine.bench.moe_decode_probe [--rows 1,32] [--out probe.json]

Each variant is captured in a CUDA graph, as the decode step runs, and replayed; the time per layer is the mean of
the replays. ``GB/s`` is the expert, router and activation bytes the layer must read (only the experts some row
chose) over that time, to compare with the device's HBM bandwidth. Each fused variant is also checked against the
grouped path's output.
"""

from __future__ import annotations

import argparse
import json

import torch
from triton.runtime.errors import OutOfResources

from gauntlet_engine.bench.train_bench import DEFAULT_CONFIG
from gauntlet_engine.generation.runner import _grouped_experts_nosync
from gauntlet_engine.kernels.moe_decode import Tiles, fused_experts, fused_route
from gauntlet_engine.models.common.moe import route
from gauntlet_engine.models.nemotron_h.config import from_json

_CFG = from_json(DEFAULT_CONFIG)  # the benchmark config's MoE layer
D, I, E, X = _CFG.hidden_size, _CFG.moe_intermediate_size, _CFG.n_routed_experts, _CFG.num_experts_per_tok
SCALE = _CFG.routed_scaling_factor

TILE_CHOICES = [
    Tiles(),
    Tiles(stages=1),
    Tiles(stages=3),
    Tiles(up_i=16, down_d=32),
    Tiles(up_i=64, down_d=128),
    Tiles(up_d=512, down_i=256),
    Tiles(up_d=128, down_i=64, stages=4),
    Tiles(up_i=16, up_d=512, down_d=32, down_i=256, warps=8),
    Tiles(router_experts=32, router_d=128),
    Tiles(router_d=512, stages=1),
]


def _graph_time_us(fn, replays=200) -> float:
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(3):  # compile and warm outside the capture
            fn()
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        fn()
    graph.replay()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(replays):
        graph.replay()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) * 1000 / replays


def probe_rows(T: int, weights) -> list[dict]:
    router_w, bias, up, down = weights
    x = torch.randn(T, D, device="cuda", dtype=torch.bfloat16)
    idx, w = route(x, router_w, bias, None, X, 1, 1, True, SCALE)
    chosen = idx.unique().numel()
    experts_bytes = chosen * 2 * I * D * up.element_size()
    must_read = experts_bytes + router_w.numel() * router_w.element_size() + x.numel() * x.element_size()

    def grouped():
        i, ww = route(x, router_w, bias, None, X, 1, 1, True, SCALE)
        return _grouped_experts_nosync(x, up, down, i, ww)

    want = grouped()
    rows = [{"rows": T, "variant": "grouped (route + _grouped_mm)", "us": round(_graph_time_us(grouped), 1)}]
    for tiles in TILE_CHOICES:
        def fused(tiles=tiles):
            i, ww = fused_route(x, router_w, bias, X, True, SCALE, tiles)
            return fused_experts(x, up, down, i, ww, tiles)

        try:
            err = ((fused() - want).norm() / want.norm()).item()
        except OutOfResources as e:  # a tile choice that does not fit this device's shared memory
            rows.append({"rows": T, "variant": f"fused {tiles}", "error": str(e)[:120]})
            continue
        rows.append({"rows": T, "variant": f"fused {tiles}", "us": round(_graph_time_us(fused), 1),
                     "rel_err_vs_grouped": round(err, 5)})
    for r in (r for r in rows if "us" in r):
        r["GB_s"] = round(must_read / (r["us"] * 1e3), 1)
        r["speedup_vs_grouped"] = round(rows[0]["us"] / r["us"], 2)
        r["experts_chosen"] = chosen
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", default="1,32")
    p.add_argument("--out")
    args = p.parse_args(argv)
    torch.manual_seed(0)
    weights = ((torch.randn(E, D, device="cuda") * 0.02).bfloat16(),  # the bench model's router is bf16
               torch.randn(E, device="cuda") * 0.01,
               (torch.randn(E, I, D, device="cuda") * 0.02).bfloat16(),
               (torch.randn(E, D, I, device="cuda") * 0.02).bfloat16())
    results = {"device": torch.cuda.get_device_name(), "shape": {"D": D, "I": I, "E": E, "X": X}, "rows": []}
    for T in (int(t) for t in args.rows.split(",")):
        for r in probe_rows(T, weights):
            print(json.dumps(r), flush=True)
            results["rows"].append(r)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
