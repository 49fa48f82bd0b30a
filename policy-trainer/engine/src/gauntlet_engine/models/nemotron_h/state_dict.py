"""Conversion between the engine's parameters and HF-format NemotronH safetensors checkpoints.

On disk (what transformers' ``save_pretrained`` writes and real Nemotron checkpoints use):
``backbone.layers.{i}.mixer.experts.{e}.up_proj.weight`` ([I, D] per expert) and a ``backbone.`` prefix.
In memory (the engine and transformers' modules): ``model.layers.{i}.mixer.experts.up_proj`` ([E, I, D]).
Multi-token-prediction weights (``mtp.*``) are ignored, as transformers does.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

_EXPERT_KEY = re.compile(r"^(.*\.mixer\.experts)\.(\d+)\.(up_proj|down_proj)\.weight$")
MAX_SHARD_BYTES = 4 << 30  # keep shards loadable on small hosts


def hf_to_engine(sd: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    out: dict[str, torch.Tensor] = {}
    experts: dict[tuple[str, str], dict[int, torch.Tensor]] = defaultdict(dict)
    for key, t in sd.items():
        if key.startswith("mtp."):
            continue
        if key.startswith("backbone."):
            key = "model." + key[len("backbone."):]
        m = _EXPERT_KEY.match(key)
        if m:
            experts[(m.group(1), m.group(3))][int(m.group(2))] = t
        else:
            out[key] = t
    for (prefix, proj), per_expert in experts.items():
        n = max(per_expert) + 1
        if sorted(per_expert) != list(range(n)):
            raise ValueError(f"{prefix}.{proj}: expert indices are not 0..{n - 1}")
        out[f"{prefix}.{proj}"] = torch.stack([per_expert[e] for e in range(n)])
    return out


def engine_to_hf(sd: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    out: dict[str, torch.Tensor] = {}
    for key, t in sd.items():
        if key.endswith((".experts.up_proj", ".experts.down_proj")):
            prefix, proj = key.rsplit(".", 1)
            for e in range(t.shape[0]):
                out[f"{prefix}.{e}.{proj}.weight"] = t[e]
            continue
        out[key] = t
    return {("backbone." + k[len("model."):] if k.startswith("model.") else k): v.contiguous() for k, v in out.items()}


def read_safetensors_dir(path: str | Path) -> dict[str, torch.Tensor]:
    path = Path(path)
    index = path / "model.safetensors.index.json"
    files = sorted(set(json.loads(index.read_text())["weight_map"].values())) if index.exists() else ["model.safetensors"]
    sd: dict[str, torch.Tensor] = {}
    for f in files:
        sd.update(load_file(str(path / f)))
    return sd


def load_hf_checkpoint(model: torch.nn.Module, path: str | Path) -> None:
    """Load an HF-format NemotronH checkpoint directory into an engine model (strict: every weight must match)."""
    sd = hf_to_engine(read_safetensors_dir(path))
    own = model.state_dict()
    missing = sorted(set(own) - set(sd))
    unexpected = sorted(set(sd) - set(own))
    if missing or unexpected:
        raise ValueError(f"checkpoint does not match the model: missing {missing[:8]}, unexpected {unexpected[:8]}")
    for k, t in sd.items():
        if t.shape != own[k].shape:
            raise ValueError(f"{k}: checkpoint shape {tuple(t.shape)} != model shape {tuple(own[k].shape)}")
    with torch.no_grad():
        for k, t in sd.items():
            own[k].copy_(t.to(own[k].dtype))


def plain_state_dict(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The model's weights under transformers' names (LoRA adapters, if any, merged in)."""
    if any("lora_" in k for k in model.state_dict()):
        from gauntlet_engine.train.lora import merged_state_dict

        return merged_state_dict(model)
    return model.state_dict()


def save_hf_checkpoint(model: torch.nn.Module, path: str | Path, dtype: torch.dtype | None = None,
                       max_shard_bytes: int = MAX_SHARD_BYTES) -> None:
    """Write ``config.json`` and safetensors shards that ``NemotronHForCausalLM.from_pretrained`` loads."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    sd = engine_to_hf({k: (v.to(dtype) if dtype and v.is_floating_point() and "e_score" not in k else v).detach().cpu()
                       for k, v in plain_state_dict(model).items()})
    shards: list[dict[str, torch.Tensor]] = [{}]
    size = 0
    for k in sorted(sd):
        nbytes = sd[k].numel() * sd[k].element_size()
        if shards[-1] and size + nbytes > max_shard_bytes:
            shards.append({})
            size = 0
        shards[-1][k] = sd[k]
        size += nbytes
    if len(shards) == 1:
        save_file(shards[0], str(path / "model.safetensors"), metadata={"format": "pt"})
    else:
        weight_map = {}
        for i, shard in enumerate(shards):
            name = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
            save_file(shard, str(path / name), metadata={"format": "pt"})
            weight_map.update({k: name for k in shard})
        (path / "model.safetensors.index.json").write_text(json.dumps({"metadata": {}, "weight_map": weight_map}, indent=1))
    hf_cfg = model.config.to_hf()
    if dtype is not None:
        hf_cfg.dtype = str(dtype).removeprefix("torch.")
    hf_cfg.architectures = ["NemotronHForCausalLM"]
    hf_cfg.save_pretrained(str(path))
