"""Sampling from fp32 logits: temperature, top-k, top-p, logit bias, per-request seeds.

The *reported* logprob of a token is always log_softmax of the raw fp32 logits (temperature 1, no top-k/top-p,
no bias): that is the quantity the train step computes, so importance ratios compare like with like. Sampling
itself uses the processed distribution. Sampling is the Gumbel-max trick (argmax of p / Exp(1) noise); a row
with a seed draws its noise from its own generator, so its tokens do not depend on what else is in the batch.

Legend: B rows, V vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch


@dataclass
class SamplingParams:
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = 0
    """0 or -1: off."""
    seed: int | None = None
    logit_bias: dict[int, float] = field(default_factory=dict)
    top_logprobs: int = 0


def sample(logits_BV: torch.Tensor, params: list[SamplingParams], generators: list[torch.Generator | None],
           vocab_limit: int | None = None):
    """Returns (tokens [B] int64, logprobs of the raw distribution [B, V] fp32).

    ``vocab_limit``: ids at or above it are never sampled (a tokenizer smaller than the model's vocabulary); the
    reported logprobs still normalise over the whole vocabulary, as the train step does.
    """
    logp_BV = torch.log_softmax(logits_BV, dim=-1)
    B, V = logits_BV.shape
    if vocab_limit is not None and vocab_limit < V:
        logits_BV = logits_BV.clone()
        logits_BV[:, vocab_limit:] = float("-inf")
    greedy = all(p.temperature == 0 and not p.logit_bias for p in params)
    if greedy:
        return logits_BV.argmax(-1), logp_BV
    x = logits_BV.clone()
    for b, p in enumerate(params):
        for tok, bias in p.logit_bias.items():
            x[b, tok] += bias
    temps = torch.tensor([p.temperature if p.temperature > 0 else 1.0 for p in params], device=x.device)
    x = x / temps[:, None]
    top_k = [p.top_k if p.top_k and p.top_k > 0 else V for p in params]
    top_p = [p.top_p for p in params]
    if any(k < V for k in top_k) or any(tp < 1.0 for tp in top_p):
        sorted_x, order = x.sort(dim=-1, descending=True)
        probs = torch.softmax(sorted_x, -1)
        cum_before = probs.cumsum(-1) - probs
        ranks = torch.arange(V, device=x.device)[None, :]
        drop = (ranks >= torch.tensor(top_k, device=x.device)[:, None]) | (
            cum_before > torch.tensor(top_p, device=x.device, dtype=probs.dtype)[:, None])
        drop[:, 0] = False
        sorted_x = sorted_x.masked_fill(drop, float("-inf"))
        x = torch.full_like(x, float("-inf")).scatter(1, order, sorted_x)
    probs = torch.softmax(x, -1)
    noise = torch.empty_like(probs)
    seeded = [b for b, g in enumerate(generators) if g is not None]
    if len(seeded) < B:
        noise.exponential_()
    for b in seeded:
        noise[b].exponential_(generator=generators[b])
    tokens = (probs / noise).argmax(-1)
    for b, p in enumerate(params):
        if p.temperature == 0:
            tokens[b] = x[b].argmax()
    return tokens, logp_BV


def make_generator(seed: int | None, device: torch.device) -> torch.Generator | None:
    if seed is None:
        return None
    g = torch.Generator(device=device)
    g.manual_seed(int(seed))
    return g
