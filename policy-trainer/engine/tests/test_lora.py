"""Optional LoRA path (peft): only adapters train, the GRPO step still learns, merged checkpoints load in HF."""

import pytest
import torch

pytest.importorskip("peft")

from test_train_step import make_batch, seq_logprob_sums  # noqa: E402

from gauntlet_engine.losses.grpo import LossConfig  # noqa: E402
from gauntlet_engine.models.nemotron_h.config import debug  # noqa: E402
from gauntlet_engine.models.nemotron_h.model import NemotronH  # noqa: E402
from gauntlet_engine.models.nemotron_h.state_dict import save_hf_checkpoint  # noqa: E402
from gauntlet_engine.train.lora import apply_lora, merged_state_dict  # noqa: E402
from gauntlet_engine.train.step import TrainConfig, Trainer  # noqa: E402


def test_lora_trains_adapters_only_and_merges(tmp_path):
    torch.manual_seed(0)
    model = NemotronH(debug("M*E-")).init_weights(seed=0)
    batch = make_batch(model)
    frozen_before = {k: v.clone() for k, v in model.state_dict().items()}
    apply_lora(model, r=4, alpha=8)
    trainable = [n for n, p in model.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in n for n in trainable)
    assert any("mixer.in_proj" in n for n in trainable) and any("shared_experts" in n for n in trainable)
    before = seq_logprob_sums(model, batch)
    trainer = Trainer(model, TrainConfig(lr=1e-2, loss=LossConfig(eps_low=0.5, eps_high=0.5)))
    losses = [trainer.step(batch)["loss"] for _ in range(15)]
    after = seq_logprob_sums(model, batch)
    assert losses[-1] < losses[0] - 0.05, losses
    assert (after[0::2] > before[0::2]).all() and (after[1::2] < before[1::2]).all()

    merged = merged_state_dict(model)
    assert set(merged) == set(frozen_before)
    changed = [k for k in merged if not torch.equal(merged[k], frozen_before[k])]
    assert changed and all(k.endswith(("in_proj.weight", "out_proj.weight", "_proj.weight")) for k in changed)
    plain = NemotronH(model.config)
    plain.load_state_dict(merged)
    ids = batch.input_ids_T[:20]
    with torch.no_grad():
        torch.testing.assert_close(plain.eval().logits(plain(ids)), model.eval().logits(model(ids)), atol=1e-5, rtol=1e-5)

    save_hf_checkpoint(model, tmp_path)
    from transformers import NemotronHForCausalLM

    hf = NemotronHForCausalLM.from_pretrained(tmp_path).eval()
    with torch.no_grad():
        torch.testing.assert_close(hf(ids[None], use_cache=False).logits[0], plain.logits(plain(ids)), atol=1e-4, rtol=0)
