"""The internal HTTP API over a real socket with a real HTTP client (aiohttp), on CPU with the tiny model."""

import asyncio
import json
import struct

import pytest
import torch
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from gauntlet_engine.models.nemotron_h.config import debug
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.packing import make_packing, pack
from gauntlet_engine.server.app import build_app
from gauntlet_engine.server.state import EngineState
from gauntlet_engine.server.wire import decode, encode
from gauntlet_engine.train.step import TrainConfig, Trainer, sequence_logprobs


def make_state(tmp_path):
    model = NemotronH(debug("M*E")).init_weights(seed=0)
    return EngineState(model, Trainer(model, TrainConfig(lr=1e-3)), tmp_path / "ckpt")


def batch_body(model, loss=None, routing=False, **override):
    seqs = [torch.randint(0, 128, (n,), generator=torch.Generator().manual_seed(n)) for n in (9, 14)]
    ids, cu = pack(seqs)
    with torch.no_grad():
        beh, _ = sequence_logprobs(model.eval(), ids, make_packing(cu), with_entropy=False)
    tensors = {
        "input_ids": ids.to(torch.int32), "cu_seqlens": cu, "loss_mask": torch.ones(ids.numel(), dtype=torch.uint8),
        "behaviour_logprobs": beh.float(), "advantages": torch.tensor([1.0, -1.0]),
    }
    if routing:
        with torch.no_grad():
            model(ids, cu)
        tensors["routing.2"] = model.routing_record()[2].to(torch.int32)
    tensors.update(override)
    return encode(tensors, {"loss": json.dumps(loss or {})})


def serve(state, scenario):
    async def main():
        async with TestServer(build_app(state)) as server, ClientSession(base_url=str(server.make_url(""))) as http:
            return await scenario(http)

    return asyncio.run(main())


def test_wire_round_trip():
    t = {"a": torch.arange(5, dtype=torch.int32), "b": torch.randn(2, 3), "c": torch.tensor([True, False]),
         "d": torch.randn(4).bfloat16()}
    out, meta = decode(encode(t, {"k": "v"}))
    assert meta == {"k": "v"}
    for k in t:
        assert torch.equal(out[k], t[k]), k


def test_train_step_version_and_checkpoints(tmp_path):
    state = make_state(tmp_path)
    body = batch_body(state.model, loss={"eps_high": 0.3, "aggregation": "seq_mean_token_mean"}, routing=True)

    async def scenario(http):
        r = await http.get("/v1/weights/version")
        assert (await r.json())["weights_version"] == 0
        r = await http.post("/v1/train/step", data=body, headers={"Content-Type": "application/octet-stream"})
        assert r.status == 200, await r.text()
        out = await r.json()
        assert out["weights_version"] == 1
        for key in ("loss", "clip_fraction", "kl", "entropy", "mismatch_k3", "grad_norm", "tokens_per_second"):
            assert key in out["metrics"]
        assert out["metrics"]["tokens"] == 23
        r = await http.post("/v1/checkpoints", json={"name": "step-1"})
        assert r.status == 201, await r.text()
        saved = await r.json()
        weights = {k: v.clone() for k, v in state.model.state_dict().items()}
        r = await http.post("/v1/train/step", data=body)
        assert (await r.json())["weights_version"] == 2
        r = await http.post("/v1/checkpoints/load", json={"name": "step-1"})
        assert r.status == 200, await r.text()
        assert (await r.json())["weights_version"] == 1
        r = await http.get("/v1/weights/version")
        assert (await r.json()) == {"weights_version": 1, "step": 1}
        return saved, weights

    saved, weights = serve(state, scenario)
    for k, v in state.model.state_dict().items():
        assert torch.equal(v, weights[k]), k
    from transformers import NemotronHForCausalLM

    assert NemotronHForCausalLM.from_pretrained(saved["path"]) is not None  # the checkpoint is HF-loadable


@pytest.mark.parametrize("body,needle", [
    (b"abc", "8-byte"),
    (struct.pack("<Q", 10**9) + b"{}", "header length"),
    (struct.pack("<Q", 4) + b"nope", "not valid JSON"),
    (encode({"input_ids": torch.arange(3, dtype=torch.int32)}), "missing tensors"),
])
def test_malformed_bodies_get_problem_json(tmp_path, body, needle):
    state = make_state(tmp_path)

    async def scenario(http):
        r = await http.post("/v1/train/step", data=body)
        return r.status, r.headers["Content-Type"], await r.json(content_type=None)

    status, ctype, problem = serve(state, scenario)
    assert status == 400 and ctype.startswith("application/problem+json")
    assert needle in problem["detail"], problem


def test_bad_values_and_options_are_rejected(tmp_path):
    state = make_state(tmp_path)
    bodies = {
        "unknown loss options": batch_body(state.model, loss={"epsilon": 0.2}),
        "input_ids must lie": batch_body(state.model, input_ids=torch.full((23,), 500, dtype=torch.int32)),
        "cu_seqlens": batch_body(state.model, cu_seqlens=torch.tensor([0, 30], dtype=torch.int32)),
    }

    async def scenario(http):
        out = {}
        for needle, body in bodies.items():
            r = await http.post("/v1/train/step", data=body)
            out[needle] = (r.status, (await r.json(content_type=None))["detail"])
        r = await http.post("/v1/checkpoints", json={"name": "../../etc"})
        out["checkpoint name"] = (r.status, (await r.json(content_type=None))["detail"])
        r = await http.post("/v1/checkpoints/load", json={"name": "never-saved"})
        out["no checkpoint"] = (r.status, (await r.json(content_type=None))["detail"])
        return out

    out = serve(state, scenario)
    for needle, (status, detail) in out.items():
        if needle == "no checkpoint":
            assert status == 404 and needle in detail
        else:
            assert status == 400 and needle in detail, (needle, detail)
    assert state.weights_version == 0


def _raw(header: dict, data: bytes = b"") -> bytes:
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


@pytest.mark.parametrize("header,data,needle", [
    ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 12]}}, b"\0" * 16, "do not hold"),
    ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}}, b"\0" * 16, "do not hold"),
    ({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\0" * 4, "non-negative"),
    ({"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}, b"\0" * 8, "unsupported dtype"),
    ({"a": {"dtype": "F32", "shape": [10**12], "data_offsets": [0, 4]}}, b"\0" * 4, "do not hold"),
    ({"__metadata__": {"loss": 3}}, b"", "strings to strings"),
    ([1, 2], b"", "JSON object"),
])
def test_wire_rejects_hostile_headers(header, data, needle):
    with pytest.raises(ValueError, match=needle):
        decode(_raw(header, data))


def test_oversized_body_gets_413_problem(tmp_path):
    state = make_state(tmp_path)

    async def main():
        async with TestServer(build_app(state, max_body_bytes=1024)) as server, \
                ClientSession(base_url=str(server.make_url(""))) as http:
            r = await http.post("/v1/train/step", data=b"\0" * 4096)
            return r.status, r.headers["Content-Type"]

    status, ctype = asyncio.run(main())
    assert status == 413 and ctype.startswith("application/problem+json")


def test_version_answers_while_a_step_runs(tmp_path):
    """The event loop stays free during a train step (it runs on the engine's worker thread)."""
    import threading

    state = make_state(tmp_path)
    started, release = threading.Event(), threading.Event()
    real_step = state.trainer.step

    def slow_step(*a, **k):
        started.set()
        release.wait(10)
        return real_step(*a, **k)

    state.trainer.step = slow_step
    body = batch_body(state.model)

    async def scenario(http):
        step = asyncio.create_task(http.post("/v1/train/step", data=body))
        while not started.is_set():
            await asyncio.sleep(0.01)
        r = await http.get("/v1/weights/version")  # answered while the step is blocked
        version_during = (await r.json())["weights_version"]
        release.set()
        r = await step
        return version_during, (await r.json())["weights_version"]

    assert serve(state, scenario) == (0, 1)
