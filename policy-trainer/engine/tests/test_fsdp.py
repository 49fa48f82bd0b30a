"""FSDP2 data parallelism on 2 GPUs: two ranks, each with half the sequences, make the same updates as one
process on the whole batch (fp32, so the comparison is tight: loss within 1e-5, weights within 1e-5)."""

import os
import socket

import pytest
import torch

pytestmark = pytest.mark.skipif(torch.cuda.device_count() < 2, reason="needs 2 CUDA devices")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker(rank, world, port, out_dir):
    import copy

    import torch.distributed as dist

    from test_train_step import make_batch

    from gauntlet_engine.losses.grpo import LossConfig
    from gauntlet_engine.models.nemotron_h.config import debug
    from gauntlet_engine.models.nemotron_h.model import NemotronH
    from gauntlet_engine.parallel.fsdp import ShardedAdamW, shard_model
    from gauntlet_engine.train.batch import TrainBatch
    from gauntlet_engine.train.step import TrainConfig, Trainer

    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.cuda.set_device(rank)
    dist.init_process_group("nccl", rank=rank, world_size=world)
    try:
        cfg = TrainConfig(lr=1e-3, micro_batch_tokens=30, loss=LossConfig(aggregation="seq_mean_token_mean"))
        model = NemotronH(debug("M*E-", hidden_size=128, vocab_size=256)).init_weights(seed=0).cuda()
        full = make_batch(model.cpu(), n_seqs=8, advantages=torch.tensor([1.0, -1.0, 0.5, 2.0, -0.3, 0.0, 1.5, -2.0]))
        model.cuda()
        reference = copy.deepcopy(model)
        ref_trainer = Trainer(reference, cfg, data_parallel=False)  # one process's view of the whole batch
        shard_model(model, param_dtype=None)
        trainer = Trainer(model, cfg, optimizer=ShardedAdamW(model.parameters(), lr=cfg.lr))
        # rank r takes sequences [4r, 4r + 4)
        cu = full.cu_seqlens_B1.tolist()
        lo, hi = cu[4 * rank], cu[4 * rank + 4]
        sl = slice(lo, hi)
        mine = TrainBatch(full.input_ids_T[sl], full.cu_seqlens_B1[4 * rank : 4 * rank + 5] - lo, full.loss_mask_T[sl],
                          full.behaviour_logprobs_T[sl], full.advantages_T[sl])
        results = []
        for _ in range(2):
            m = trainer.step(mine)
            r = ref_trainer.step(full)
            results.append((m["loss"], r["loss"], m["grad_norm"], r["grad_norm"], m["tokens"], r["tokens"]))
        worst = 0.0
        ref_params = dict(reference.named_parameters())
        for name, p in model.named_parameters():
            worst = max(worst, (p.full_tensor() - ref_params[name]).abs().max().item())
        if rank == 0:
            torch.save({"results": results, "worst": worst}, os.path.join(out_dir, "fsdp.pt"))
    finally:
        dist.destroy_process_group()


def test_fsdp2_two_ranks_match_single_process(tmp_path):
    import sys

    sys.path.insert(0, os.path.dirname(__file__))
    torch.multiprocessing.spawn(_worker, args=(2, _free_port(), str(tmp_path)), nprocs=2, join=True)
    out = torch.load(tmp_path / "fsdp.pt")
    for loss, ref_loss, gn, ref_gn, tokens, ref_tokens in out["results"]:
        assert loss == pytest.approx(ref_loss, abs=1e-5)
        assert gn == pytest.approx(ref_gn, rel=1e-4)
        assert tokens == ref_tokens
    assert out["worst"] < 1e-5, out
