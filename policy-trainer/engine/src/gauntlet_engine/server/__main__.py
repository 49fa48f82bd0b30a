"""Start the engine server: ``python -m gauntlet_engine.server --debug-model`` (CPU, tiny model) or with a
checkpoint: ``--hf-checkpoint DIR --device cuda --dtype bfloat16``."""

from __future__ import annotations

import argparse
import logging

import torch
from aiohttp import web

from gauntlet_engine.losses.grpo import LossConfig
from gauntlet_engine.models.nemotron_h.config import debug, from_json
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.models.nemotron_h.state_dict import load_hf_checkpoint
from gauntlet_engine.server.app import build_app
from gauntlet_engine.server.state import EngineState
from gauntlet_engine.train.step import TrainConfig, Trainer


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--hf-checkpoint", help="HF-format NemotronH checkpoint directory")
    src.add_argument("--model-config", help="JSON of NemotronHConfig kwargs (random init)")
    src.add_argument("--debug-model", action="store_true", help="tiny random model (CI, local runs)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--dtype", default="bfloat16" if torch.cuda.is_available() else "float32")
    p.add_argument("--checkpoint-dir", default="checkpoints")
    p.add_argument("--lr", type=float, default=1e-6)
    p.add_argument("--micro-batch-tokens", type=int, default=16384)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--compile", action="store_true", help="torch.compile the elementwise-heavy functions")
    g = p.add_argument_group("generation (OpenAI-compatible /v1/chat/completions, /v1/completions, /v1/models)")
    g.add_argument("--tokenizer", default=None, help="HF tokenizer directory (default: the checkpoint's; "
                   "'builtin' for the small built-in tokenizer of synthetic models)")
    g.add_argument("--served-model-name", default="policy")
    g.add_argument("--max-model-len", type=int, default=4096)
    g.add_argument("--max-num-seqs", type=int, default=64, help="cache slots: sequences decoded together")
    g.add_argument("--max-batch", type=int, default=256, help="most sequences one request may ask for")
    g.add_argument("--thinking-grace-tokens", type=int, default=16)
    g.add_argument("--no-generation", action="store_true", help="serve the train API only")
    g.add_argument("--no-cuda-graphs", action="store_true")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    if args.compile:
        from gauntlet_engine.kernels import set_compile

        set_compile(True)
    if args.device.startswith("cuda"):
        torch.backends.cuda.matmul.fp32_precision = "tf32"  # the SSD scan's fp32 matmuls

    if args.hf_checkpoint:
        from transformers import AutoConfig

        from gauntlet_engine.models.nemotron_h.config import ModelConfig

        cfg = ModelConfig.from_hf(AutoConfig.from_pretrained(args.hf_checkpoint))
    else:
        cfg = from_json(args.model_config) if args.model_config else debug()
    with torch.device(args.device):
        model = NemotronH(cfg).init_weights(seed=args.seed)
    if args.hf_checkpoint:
        load_hf_checkpoint(model, args.hf_checkpoint)
    model.to_dtype(getattr(torch, args.dtype))
    trainer = Trainer(model, TrainConfig(lr=args.lr, micro_batch_tokens=args.micro_batch_tokens, loss=LossConfig()))
    state = EngineState(model, trainer, args.checkpoint_dir, model_name=args.served_model_name)
    generation = None
    if not args.no_generation:
        from gauntlet_engine.server.openai_api import Generation
        from gauntlet_engine.tokenizer import load_tokenizer

        tok = args.tokenizer or (args.hf_checkpoint if args.hf_checkpoint else "builtin")
        generation = Generation(state, load_tokenizer(tok), served_model_name=args.served_model_name,
                                max_model_len=args.max_model_len, max_slots=args.max_num_seqs,
                                max_batch=args.max_batch, grace_tokens=args.thinking_grace_tokens,
                                cuda_graphs=False if args.no_cuda_graphs else None)
    web.run_app(build_app(state, generation=generation), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
