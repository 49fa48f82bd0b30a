"""What the server serves: one model, its trainer, the weights version, and the checkpoint directory.

All model access goes through ``lock`` (an asyncio lock) and runs on a single worker thread, so a train step
and a checkpoint load never interleave, while the event loop keeps answering cheap calls like the version.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gauntlet_engine.checkpoint import checkpoint_path, load_checkpoint, save_checkpoint
from gauntlet_engine.losses.grpo import LossConfig
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.train.batch import TrainBatch
from gauntlet_engine.train.step import Trainer


class EngineState:
    def __init__(self, model: NemotronH, trainer: Trainer, checkpoint_root: str | Path, model_name: str = "policy"):
        self.model, self.trainer = model, trainer
        self.checkpoint_root = Path(checkpoint_root)
        self.model_name = model_name
        self.weights_version = 0
        self.lock = asyncio.Lock()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")

    async def run(self, fn, *args):
        async with self.lock:
            return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    # ---- blocking operations (run on the worker thread) ------------------------------------------
    def train_step(self, batch: TrainBatch, loss_overrides: dict) -> dict:
        loss_cfg = parse_loss_config(loss_overrides, base=self.trainer.cfg.loss)
        metrics = self.trainer.step(batch, loss_cfg)
        self.weights_version += 1
        return {"weights_version": self.weights_version, "metrics": metrics}

    def save(self, name: str) -> dict:
        path = save_checkpoint(checkpoint_path(self.checkpoint_root, name), self.model, self.trainer,
                               self.weights_version)
        return {"name": name, "path": str(path), "weights_version": self.weights_version,
                "step": self.trainer.step_count}

    def load(self, name: str) -> dict:
        path = checkpoint_path(self.checkpoint_root, name)
        state = load_checkpoint(path, self.model, self.trainer)
        self.weights_version = state["weights_version"]
        return {"name": name, "path": str(path), "weights_version": self.weights_version,
                "step": self.trainer.step_count}


def parse_loss_config(overrides: dict, base: LossConfig) -> LossConfig:
    """Apply JSON loss options on top of the server's defaults; unknown keys are an error, not ignored."""
    if not isinstance(overrides, dict):
        raise ValueError("loss options must be a JSON object")
    known = {f.name for f in dataclasses.fields(LossConfig)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"unknown loss options {unknown}; known: {sorted(known)}")
    try:
        return dataclasses.replace(base, **overrides).validate()
    except TypeError as e:
        raise ValueError(str(e)) from None


def loss_options_from_metadata(meta: dict[str, str]) -> dict:
    raw = meta.get("loss", "{}")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise ValueError(f"__metadata__['loss'] is not valid JSON: {e}") from None
