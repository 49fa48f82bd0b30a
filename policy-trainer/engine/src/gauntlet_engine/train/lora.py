"""Optional LoRA through peft: adapters on the model's linear layers, the rest frozen.

Targets are module names (suffixes) of nn.Linear layers that the forward calls as modules: Mamba ``in_proj``/
``out_proj``, attention ``q_proj``/``k_proj``/``v_proj``/``o_proj``, MLP and shared-expert ``up_proj``/
``down_proj``. Not adaptable: routed experts (3-D parameters), the router, the conv, and ``lm_head`` (its
weight is read directly by the chunked logprob code). ``merged_state_dict`` folds the adapters into the base
weights under the plain parameter names, so checkpoints stay loadable by transformers.
"""

from __future__ import annotations

import torch

DEFAULT_TARGETS = ("in_proj", "out_proj", "q_proj", "k_proj", "v_proj", "o_proj", "up_proj", "down_proj")


def apply_lora(model: torch.nn.Module, r: int = 16, alpha: int = 32, dropout: float = 0.0,
               targets: tuple[str, ...] = DEFAULT_TARGETS) -> torch.nn.Module:
    from peft import LoraConfig, inject_adapter_in_model

    cfg = LoraConfig(r=r, lora_alpha=alpha, lora_dropout=dropout, target_modules=list(targets), bias="none")
    model = inject_adapter_in_model(cfg, model)
    for name, p in model.named_parameters():
        p.requires_grad_("lora_" in name)
    return model


@torch.no_grad()
def merged_state_dict(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Plain state dict (no lora_* keys, no base_layer prefixes) with every adapter merged into its weight."""
    from peft.tuners.lora import LoraLayer

    sd = {}
    lora_prefixes = set()
    for name, module in model.named_modules():
        if isinstance(module, LoraLayer):
            lora_prefixes.add(name)
            base = module.get_base_layer()
            w = base.weight.detach().clone()
            for adapter in module.active_adapters:
                w += module.get_delta_weight(adapter).to(w.dtype)
            sd[f"{name}.weight"] = w
            if base.bias is not None:
                sd[f"{name}.bias"] = base.bias.detach().clone()
    for key, t in model.state_dict().items():
        if "lora_" in key or any(key.startswith(p + ".base_layer.") for p in lora_prefixes):
            continue
        sd[key] = t
    return sd
