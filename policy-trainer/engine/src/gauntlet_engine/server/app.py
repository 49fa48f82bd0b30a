"""aiohttp application: the internal training API used by the Java policy-trainer.

    POST /v1/train/step          body: safetensors blob (see docs/engine.md)    -> JSON metrics
    GET  /v1/weights/version                                                     -> {"weights_version", "step"}
    POST /v1/checkpoints         JSON {"name"}  save under the checkpoint root   -> {"name", "path", ...}
    POST /v1/checkpoints/load    JSON {"name"}  load it back                     -> {"name", "path", ...}
    GET  /health

Errors are RFC 9457 problem+json with a stable ``type``. Generation routes (issue 8) register on the same app.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web

from gauntlet_engine.server.state import EngineState, loss_options_from_metadata
from gauntlet_engine.server.wire import WireError, decode
from gauntlet_engine.train.batch import TrainBatch

log = logging.getLogger("gauntlet_engine.server")
STATE = web.AppKey("engine_state", EngineState)
PROBLEM_BASE = "https://gauntlet.dev/problems/engine/"


def problem(status: int, kind: str, detail: str) -> web.Response:
    body = {"type": PROBLEM_BASE + kind, "title": kind.replace("-", " "), "status": status, "detail": detail}
    return web.json_response(body, status=status, content_type="application/problem+json")


@web.middleware
async def errors(request: web.Request, handler):
    try:
        return await handler(request)
    except web.HTTPException as e:
        if e.status >= 400:
            return problem(e.status, "http-error", e.reason or str(e))
        raise
    except (WireError, ValueError) as e:
        return problem(400, "invalid-request", str(e))
    except FileNotFoundError as e:
        return problem(404, "not-found", str(e))
    except Exception as e:  # noqa: BLE001 - the server must answer, never crash
        log.exception("internal error on %s", request.path)
        return problem(500, "internal-error", f"{type(e).__name__}: {e}")


async def train_step(request: web.Request) -> web.Response:
    state = request.app[STATE]
    tensors, meta = decode(await request.read())
    required = ("input_ids", "cu_seqlens", "loss_mask", "behaviour_logprobs", "advantages")
    missing = [k for k in required if k not in tensors]
    if missing:
        raise ValueError(f"missing tensors {missing}; required: {list(required)}")
    routing = {}
    for name, t in tensors.items():
        if name.startswith("routing."):
            layer = name.removeprefix("routing.")
            if not layer.isdigit():
                raise ValueError(f"routing tensor name must be routing.<layer index>, got {name!r}")
            routing[int(layer)] = t
    batch = TrainBatch.build(
        input_ids=tensors["input_ids"], cu_seqlens=tensors["cu_seqlens"], loss_mask=tensors["loss_mask"],
        behaviour_logprobs=tensors["behaviour_logprobs"], advantages=tensors["advantages"],
        ref_logprobs=tensors.get("ref_logprobs"), routing=routing, vocab_size=state.model.config.vocab_size,
    )
    moe_layers = {i for i, b in enumerate(state.model.model.layers) if b.kind == "moe"}
    if set(routing) - moe_layers:
        raise ValueError(f"routing given for non-MoE layers {sorted(set(routing) - moe_layers)}")
    result = await state.run(state.train_step, batch, loss_options_from_metadata(meta))
    return web.json_response(result)


async def weights_version(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return web.json_response({"weights_version": state.weights_version, "step": state.trainer.step_count})


async def _name(request: web.Request) -> str:
    try:
        body = await request.json()
    except json.JSONDecodeError:
        raise ValueError("body must be JSON like {\"name\": \"step-100\"}") from None
    if not isinstance(body, dict) or "name" not in body:
        raise ValueError("body must be JSON like {\"name\": \"step-100\"}")
    return body["name"]


async def save_checkpoint(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return web.json_response(await state.run(state.save, await _name(request)), status=201)


async def load_checkpoint(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return web.json_response(await state.run(state.load, await _name(request)))


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def build_app(state: EngineState, max_body_bytes: int = 1 << 30, generation=None) -> web.Application:
    """``generation``: a ``server.openai_api.Generation`` whose OpenAI-compatible routes are mounted (issue 8)."""
    app = web.Application(middlewares=[errors], client_max_size=max_body_bytes)
    app[STATE] = state
    app.router.add_post("/v1/train/step", train_step)
    app.router.add_get("/v1/weights/version", weights_version)
    app.router.add_post("/v1/checkpoints", save_checkpoint)
    app.router.add_post("/v1/checkpoints/load", load_checkpoint)
    app.router.add_get("/health", health)
    if generation is not None:
        generation.mount(app)
    return app
