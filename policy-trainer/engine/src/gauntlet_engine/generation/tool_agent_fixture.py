"""A tiny tool-calling model for CPU integration tests: the debug NemotronH, fine-tuned (plain cross-entropy on
the completion tokens, 150 AdamW steps, well under a minute on one CPU core) to behave as a two-turn agent under
the built-in tokenizer's chat template:

  - after a user message:       ``</think><tool_call>{"name": TOOL, "arguments": ARGS}</tool_call><|im_end|>``
  - after a tool response:      ``</think>Done.<|im_end|>``

The prompts are random (random system and user text of random length, random tool results), so the behaviour
depends only on whether the conversation ends in a tool response. Generation from it is real generation: the
engine samples it, returns its ids and logprobs; only the weights were shaped.

    python -m gauntlet_engine.generation.tool_agent_fixture --out DIR --tool get_user --arguments '{"user_id": "u1"}'

then ``python -m gauntlet_engine.server --hf-checkpoint DIR --tokenizer builtin``.
"""

from __future__ import annotations

import argparse
import json
import random
import string

import torch
import torch.nn.functional as F

from gauntlet_engine.models.nemotron_h.config import debug
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.models.nemotron_h.state_dict import save_hf_checkpoint
from gauntlet_engine.packing import make_packing, pack
from gauntlet_engine.tokenizer import BuiltinTokenizer

ALPHABET = string.ascii_letters + string.digits + " .,:{}\"_-\n"


def _rand(rng, lo, hi):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))


def examples(tk, tool: str, arguments: dict, n: int, rng) -> list[tuple[list[int], list[int]]]:
    call = "<tool_call>" + json.dumps({"name": tool, "arguments": arguments}) + "</tool_call>"
    out = []
    for _ in range(n):
        msgs = [{"role": "system", "content": _rand(rng, 0, 60)}, {"role": "user", "content": _rand(rng, 1, 60)}]
        # a tools block half of the time: its instructions hold the tool-call markers too, so the model must learn
        # from the end of the conversation, not from the markers' presence
        tools = [{"type": "function", "function": {"name": _rand(rng, 1, 12)}}] if rng.random() < 0.5 else None
        if rng.random() < 0.5:
            prompt, target = tk.render_chat(msgs, tools=tools), "</think>" + call + "<|im_end|>"
        else:
            msgs += [{"role": "assistant", "content": "</think>", "tool_calls": [
                {"id": "call_0", "type": "function", "function": {"name": tool, "arguments": json.dumps(arguments)}}]},
                {"role": "tool", "content": _rand(rng, 1, 60)}]
            prompt, target = tk.render_chat(msgs, tools=tools), "</think>Done.<|im_end|>"
        out.append((tk.encode(prompt), tk.encode(target)))
    return out


def train(tool: str, arguments: dict, steps: int = 150, batch: int = 8, seed: int = 0) -> NemotronH:
    torch.manual_seed(seed)
    rng = random.Random(seed)
    tk = BuiltinTokenizer()
    model = NemotronH(debug()).init_weights(seed=seed)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
    for step in range(steps):
        data = examples(tk, tool, arguments, batch, rng)
        seqs = [p + t for p, t in data]
        ids, cu = pack(seqs)
        h = model(ids, packing=make_packing(cu))
        logits = model.logits(h[:-1])
        targets = ids[1:].clone()
        mask = torch.zeros_like(targets, dtype=torch.bool)
        for (p, t), s in zip(data, cu[:-1].tolist()):
            mask[s + len(p) - 1 : s + len(p) + len(t) - 1] = True
        loss = F.cross_entropy(logits[mask], targets[mask])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 50 == 0 or step == steps - 1:
            print(f"step {step} loss {loss.item():.4f}", flush=True)
    return model.eval()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    p.add_argument("--tool", default="get_user")
    p.add_argument("--arguments", default='{"user_id": "u1"}')
    p.add_argument("--steps", type=int, default=150)
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    model = train(args.tool, json.loads(args.arguments), steps=args.steps)
    save_hf_checkpoint(model, args.out)


if __name__ == "__main__":
    main()
