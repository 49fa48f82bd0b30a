"""The engine's NemotronH against transformers' NemotronHForCausalLM (CPU, fp32).

Tolerance: max |logit difference| <= 1e-4 (observed ~1e-6; both run the same math in fp32, only the
summation order of the chunked scan and the expert dispatch differ).
"""

import pytest
import torch
from conftest import hf_reference

from gauntlet_engine.models.nemotron_h.config import ModelConfig, debug
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.models.nemotron_h.state_dict import load_hf_checkpoint, save_hf_checkpoint
from gauntlet_engine.packing import pack

LOGIT_ATOL = 1e-4

CONFIGS = {
    "all-kinds": debug("M*EM-E"),
    "latent-moe-groups": debug("ME*E", moe_latent_size=32, n_routed_experts=8, n_group=2, topk_group=1,
                               num_experts_per_tok=3, chunk_size=16, norm_topk_prob=False),
    "mamba-only-long-chunks": debug("MM", chunk_size=32, n_groups=1, mamba_num_heads=2, mamba_head_dim=32),
}


def engine_from(hf, cfg) -> NemotronH:
    eng = NemotronH(cfg).eval()
    eng.load_state_dict(hf.state_dict(), strict=True)
    return eng


@pytest.mark.parametrize("name", list(CONFIGS))
def test_logits_match_transformers(name):
    cfg = CONFIGS[name]
    hf = hf_reference(cfg)
    eng = engine_from(hf, cfg)
    ids = torch.randint(0, cfg.vocab_size, (1, 45))  # not a multiple of any chunk size
    with torch.no_grad():
        ref = hf(ids, use_cache=False).logits[0]
        out = eng.logits(eng(ids[0]))
    assert ref.abs().max() > 0.5, "logits too small for the comparison to mean anything"
    torch.testing.assert_close(out, ref, atol=LOGIT_ATOL, rtol=0)


def test_packed_batch_equals_separate_sequences():
    cfg = debug("M*EM-E")
    eng = engine_from(hf_reference(cfg), cfg)
    seqs = [torch.randint(0, cfg.vocab_size, (n,)) for n in (13, 1, 21, 8)]
    ids, cu = pack(seqs)
    with torch.no_grad():
        packed = eng.logits(eng(ids, cu))
        separate = torch.cat([eng.logits(eng(s)) for s in seqs])
    torch.testing.assert_close(packed, separate, atol=1e-5, rtol=0)


def test_packing_does_not_leak_state_between_sequences():
    """Changing the first sequence must not change any logit of the second."""
    cfg = debug("M*M")
    eng = engine_from(hf_reference(cfg), cfg)
    second = torch.randint(0, cfg.vocab_size, (19,))
    outs = []
    for first_len in (5, 11):
        ids, cu = pack([torch.randint(0, cfg.vocab_size, (first_len,)), second])
        with torch.no_grad():
            outs.append(eng.logits(eng(ids, cu))[first_len:])
    torch.testing.assert_close(outs[0], outs[1], atol=1e-5, rtol=0)


def test_transformers_checkpoint_loads_into_engine(tmp_path):
    cfg = debug("M*EM-E")
    hf = hf_reference(cfg, seed=3)
    hf.save_pretrained(tmp_path)
    eng = NemotronH(cfg).eval()
    load_hf_checkpoint(eng, tmp_path)
    ids = torch.randint(0, cfg.vocab_size, (1, 30))
    with torch.no_grad():
        torch.testing.assert_close(eng.logits(eng(ids[0])), hf(ids, use_cache=False).logits[0], atol=LOGIT_ATOL, rtol=0)


def test_engine_checkpoint_loads_into_transformers(tmp_path):
    from transformers import NemotronHForCausalLM

    cfg = debug("ME*-M", moe_latent_size=32)
    eng = NemotronH(cfg).init_weights(seed=5).eval()
    save_hf_checkpoint(eng, tmp_path)
    hf = NemotronHForCausalLM.from_pretrained(tmp_path).eval()
    assert ModelConfig.from_hf(hf.config).layer_types == cfg.layer_types
    ids = torch.randint(0, cfg.vocab_size, (1, 27))
    with torch.no_grad():
        torch.testing.assert_close(hf(ids, use_cache=False).logits[0], eng.logits(eng(ids[0])), atol=LOGIT_ATOL, rtol=0)


def test_sharded_checkpoint_round_trip(tmp_path):
    cfg = debug("ME")
    eng = NemotronH(cfg).init_weights(seed=1)
    save_hf_checkpoint(eng, tmp_path, max_shard_bytes=20_000)
    assert (tmp_path / "model.safetensors.index.json").exists()
    again = NemotronH(cfg)
    load_hf_checkpoint(again, tmp_path)
    for (k, a), (_, b) in zip(eng.state_dict().items(), again.state_dict().items()):
        assert torch.equal(a, b), k


def test_checkpoint_of_another_shape_is_rejected(tmp_path):
    save_hf_checkpoint(NemotronH(debug("ME")).init_weights(seed=1), tmp_path)
    with pytest.raises(ValueError, match="shape|missing"):
        load_hf_checkpoint(NemotronH(debug("ME", hidden_size=32)), tmp_path)


def test_config_reads_hybrid_override_pattern():
    cfg = ModelConfig.from_hf({"hybrid_override_pattern": "M-E*", "hidden_size": 64})
    assert cfg.layer_types == ["mamba", "mlp", "moe", "attention"]
    assert cfg.pattern == "M-E*"


def _rel(a, b):
    return ((a.float() - b.float()).norm() / b.float().norm()).item()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_bf16_forward_backward_match_transformers_on_gpu():
    """bf16 forward + backward on GPU, judged against transformers in fp32 (the ground truth): the engine's bf16
    logits and weight gradients must be at least as close to it as transformers' own bf16 path is (within 1.25x
    of its relative L2 error, or under 1e-2). Measured on an H100: logits 4.9% (transformers bf16: 5.1%),
    gradients 5.6% (6.3%); both are large because the test weights are large, to exercise every path."""
    import copy

    cfg = debug("M*EM-E", hidden_size=256, mamba_num_heads=8, mamba_head_dim=32, ssm_state_size=32, chunk_size=64,
                num_attention_heads=8, num_key_value_heads=2, head_dim=32, moe_intermediate_size=128,
                moe_shared_expert_intermediate_size=256, intermediate_size=512, vocab_size=1024)
    hf32 = hf_reference(cfg).cuda().train()
    hf16 = copy.deepcopy(hf32).to(torch.bfloat16)
    for n, b in hf16.named_buffers():
        if n.endswith("e_score_correction_bias"):
            b.data = b.data.float()
    eng = NemotronH(cfg).cuda().train()
    eng.load_state_dict(hf32.state_dict())
    eng.to_dtype(torch.bfloat16)
    ids = torch.randint(0, cfg.vocab_size, (1, 300), device="cuda")
    w = torch.randn(300, cfg.vocab_size, device="cuda")
    outs = {}
    for name, fn, model in (("ref", lambda: hf32(ids, use_cache=False).logits[0], hf32),
                            ("hf16", lambda: hf16(ids, use_cache=False).logits[0], hf16),
                            ("eng", lambda: eng.logits(eng(ids[0])), eng)):
        logits = fn()
        (logits.float() * w).sum().backward()
        grads = {n: p.grad.float() for n, p in model.named_parameters() if p.grad is not None}
        outs[name] = (logits.detach().float(), grads)
    ref_logits, ref_grads = outs["ref"]
    keys = sorted(k for k in ref_grads if ref_grads[k].norm() > 0)
    flat = lambda g: torch.cat([g[k].flatten() for k in keys])  # noqa: E731
    err = {name: (_rel(outs[name][0], ref_logits), _rel(flat(outs[name][1]), flat(ref_grads))) for name in ("hf16", "eng")}
    print("relative L2 error vs fp32 transformers (logits, grads):", err)
    for i in range(2):
        assert err["eng"][i] <= max(1.25 * err["hf16"][i], 1e-2), err
