"""Training checkpoints: the HF-format model (loadable by transformers) plus optimizer and engine state.

Layout of one checkpoint directory:
    config.json, model.safetensors (or shards + index)   the policy, as NemotronHForCausalLM.from_pretrained reads it
    trainer_state.pt                                      fp32 master weights, AdamW moments, step count
    engine_state.json                                     {"weights_version": int, "step": int}
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import torch

from gauntlet_engine.models.nemotron_h.state_dict import load_hf_checkpoint, save_hf_checkpoint

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def checkpoint_path(root: str | Path, name: str) -> Path:
    """Resolve a client-supplied checkpoint name under root; rejects paths, '..' and odd characters."""
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise ValueError(f"checkpoint name must match {_NAME.pattern} (no paths), got {name!r}")
    return Path(root) / name


def save_checkpoint(path: str | Path, model, trainer=None, weights_version: int = 0) -> Path:
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    save_hf_checkpoint(model, tmp)
    if trainer is not None:
        torch.save(trainer.state_dict(), tmp / "trainer_state.pt")
    (tmp / "engine_state.json").write_text(json.dumps(
        {"weights_version": weights_version, "step": trainer.step_count if trainer else 0}))
    if path.exists():  # replace atomically enough: a half-written checkpoint never has the final name
        old = path.with_name(path.name + ".old")
        path.rename(old)
        tmp.rename(path)
        for f in sorted(old.rglob("*"), reverse=True):
            f.unlink() if f.is_file() else f.rmdir()
        old.rmdir()
    else:
        tmp.rename(path)
    return path


def load_checkpoint(path: str | Path, model, trainer=None) -> dict:
    path = Path(path)
    if not (path / "config.json").exists():
        raise FileNotFoundError(f"no checkpoint at {path}")
    load_hf_checkpoint(model, path)
    state = json.loads((path / "engine_state.json").read_text()) if (path / "engine_state.json").exists() else {}
    if trainer is not None and (path / "trainer_state.pt").exists():
        trainer.load_state_dict(torch.load(path / "trainer_state.pt", map_location="cpu", weights_only=True))
    return {"weights_version": int(state.get("weights_version", 0)), "step": int(state.get("step", 0))}
