"""NemotronH model configuration: the subset of transformers' ``NemotronHConfig`` that the engine uses.

``ModelConfig.from_hf`` reads a transformers config (``hybrid_override_pattern`` or ``layers_block_type``),
``to_hf`` writes one back, so checkpoints round-trip with ``NemotronHForCausalLM``. Flavors are functions:
``debug()`` is the tiny CI model, ``from_json(path)`` reads kwargs such as ``bench/nemotronh-bench.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

PATTERN_TO_TYPE = {"M": "mamba", "E": "moe", "*": "attention", "-": "mlp"}
# transformers' names for the same layer kinds
HF_LAYER_TYPES = {"mamba": "linear_attention", "moe": "moe", "attention": "full_attention", "mlp": "mlp"}


@dataclass(kw_only=True, slots=True)
class ModelConfig:
    vocab_size: int = 131072
    hidden_size: int = 4096
    layer_types: list[str] = field(default_factory=lambda: ["mamba", "moe", "attention", "mlp"])
    """One of mamba / attention / moe / mlp per layer (pattern letters M, *, E, -)."""
    layer_norm_epsilon: float = 1e-5
    tie_word_embeddings: bool = False
    # attention
    num_attention_heads: int = 32
    num_key_value_heads: int = 8
    head_dim: int = 128
    attention_bias: bool = False
    # dense MLP
    intermediate_size: int = 21504
    mlp_bias: bool = False
    # Mamba-2
    mamba_num_heads: int = 128
    mamba_head_dim: int = 64
    n_groups: int = 8
    ssm_state_size: int = 128
    conv_kernel: int = 4
    chunk_size: int = 128
    use_conv_bias: bool = True
    use_bias: bool = False
    """Bias on the Mamba in_proj/out_proj."""
    time_step_min: float = 0.001
    """Lower clamp on dt (transformers' NemotronH clamps at time_step_min, with no upper limit)."""
    time_step_max: float = 0.1
    time_step_floor: float = 1e-4
    # MoE
    n_routed_experts: int = 8
    num_experts_per_tok: int = 2
    moe_intermediate_size: int = 7688
    moe_shared_expert_intermediate_size: int = 7688
    moe_latent_size: int | None = None
    """If set, routed experts run in this latent width between fc1/fc2 latent projections."""
    n_group: int = 1
    topk_group: int = 1
    norm_topk_prob: bool = True
    routed_scaling_factor: float = 1.0
    initializer_range: float = 0.02

    @property
    def num_layers(self) -> int:
        return len(self.layer_types)

    @property
    def pattern(self) -> str:
        inv = {v: k for k, v in PATTERN_TO_TYPE.items()}
        return "".join(inv[t] for t in self.layer_types)

    def validate(self) -> "ModelConfig":
        bad = set(self.layer_types) - set(PATTERN_TO_TYPE.values())
        if bad:
            raise ValueError(f"unknown layer types {sorted(bad)}")
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError("num_attention_heads must be a multiple of num_key_value_heads")
        if self.mamba_num_heads % self.n_groups:
            raise ValueError("mamba_num_heads must be a multiple of n_groups")
        if "moe" in self.layer_types and self.n_routed_experts % self.n_group:
            raise ValueError("n_routed_experts must be a multiple of n_group")
        return self

    # ---- transformers interop ---------------------------------------------------------------
    @classmethod
    def from_hf(cls, hf_config) -> "ModelConfig":
        """From a transformers NemotronHConfig, or a plain dict of its keyword arguments."""
        d = hf_config.to_dict() if hasattr(hf_config, "to_dict") else dict(hf_config)
        if d.get("layers_block_type"):
            inv = {v: k for k, v in HF_LAYER_TYPES.items()}
            inv.update({"mamba": "mamba", "attention": "attention"})  # older spellings
            types = [inv[t] for t in d["layers_block_type"]]
        elif d.get("hybrid_override_pattern"):
            types = [PATTERN_TO_TYPE[c] for c in d["hybrid_override_pattern"]]
        else:
            raise ValueError("config has neither layers_block_type nor hybrid_override_pattern")
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names and k != "layer_types"}
        if "num_local_experts" in d and "n_routed_experts" not in d:
            kw["n_routed_experts"] = d["num_local_experts"]
        return cls(layer_types=types, **kw).validate()

    def to_hf_kwargs(self) -> dict:
        d = asdict(self)
        d["layers_block_type"] = [HF_LAYER_TYPES[t] for t in d.pop("layer_types")]
        d["mlp_hidden_act"] = "relu2"
        d["time_step_limit"] = [0.0, float("inf")]
        return d

    def to_hf(self):
        from transformers import NemotronHConfig

        return NemotronHConfig(**self.to_hf_kwargs())


def from_json(path: str | Path) -> ModelConfig:
    """Read a JSON file of NemotronHConfig keyword arguments (keys starting with '_' are comments)."""
    d = {k: v for k, v in json.loads(Path(path).read_text()).items() if not k.startswith("_")}
    return ModelConfig.from_hf(d)


def debug(pattern: str = "M*EM-E", **overrides) -> ModelConfig:
    """Tiny flavor for CI: every layer kind, GQA, grouped SSD heads, several experts, multiple chunks."""
    base = dict(
        vocab_size=128, hidden_size=64, layer_types=[PATTERN_TO_TYPE[c] for c in pattern],
        num_attention_heads=4, num_key_value_heads=2, head_dim=16, intermediate_size=96,
        mamba_num_heads=4, mamba_head_dim=16, n_groups=2, ssm_state_size=16, conv_kernel=4, chunk_size=8,
        n_routed_experts=8, num_experts_per_tok=2, moe_intermediate_size=32, moe_shared_expert_intermediate_size=48,
        routed_scaling_factor=2.5, n_group=1, topk_group=1,
    )
    base.update(overrides)
    return ModelConfig(**base).validate()
