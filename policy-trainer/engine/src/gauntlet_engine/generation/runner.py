"""Prefill and single-step decode of NemotronH with per-sequence state caches, on the model's own modules.

The cache is *slotted*: every running sequence owns one slot index s of fixed-size buffers.

- Mamba-2 layers: ``conv[s]`` holds the last W-1 pre-conv inputs ([W-1, C]) and ``ssm[s]`` the fp32 SSM state
  ([H, P, N]). Prefill fills both from the chunked scan (``ssd_scan(..., return_final_states=True)``, the train
  step's kernel); decode advances them one token with the state-update recurrence
  ``h = exp(dt A) h + dt x B^T, y = h C + D x`` (fp32), the conv as a dot product over the W-wide window; on
  CUDA each is one fused Triton kernel (``kernels/mamba_step.py``).
- Attention layers (NemotronH's use no position encoding): ``k[s, :len]``, ``v[s, :len]`` ([L, K, E]). Decode
  writes the new key/value at position ``len`` and attends over the slot's first ``len + 1`` positions (SDPA with
  a length mask, GQA through ``enable_gqa``).
- MoE / MLP layers keep no state. MoE decode routes with the model's own ``route`` (fp32 router math); on CUDA the
  expert GEMMs run as one ``torch._grouped_mm`` with offsets computed on the device (no host sync, so the step
  can be captured in a CUDA graph); elsewhere through the model's ``experts_forward``. With
  ``GAUNTLET_MOE_DECODE=fused``, a CUDA batch of up to ``moe_decode.MAX_ROWS`` rows instead runs the router and
  the routed experts as four Triton kernels (``kernels/moe_decode.py``: only the chosen experts' weights read).
  That path is opt-in: its current tiles pass their tests in Triton's interpreter but have not yet run on a GPU.

Logits are ``F.linear(h, lm_head.weight).float()`` exactly as the train step's ``_logprob_chunk``; log-softmax in
fp32. Prefill reuses the model's kernels (conv1d, ssd_scan, varlen attention, MoE dispatch) through the same
module parameters, so generation always reads the weights the trainer just updated.

Legend: B rows in a decode batch, S slots, L max cached length, T tokens, D model dim, V vocab.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from gauntlet_engine.kernels import use_triton
from gauntlet_engine.kernels.conv1d import causal_conv1d
from gauntlet_engine.kernels.moe_dispatch import experts_forward
from gauntlet_engine.kernels.mamba_step import conv_step, ssm_step
from gauntlet_engine.kernels.moe_decode import fused_experts, fused_route, fused_supported
from gauntlet_engine.kernels.ssd_scan import ssd_scan
from gauntlet_engine.kernels.varlen_attention import varlen_causal_attention
from gauntlet_engine.models.common.mamba import _dt_softplus
from gauntlet_engine.models.common.mlp import relu2
from gauntlet_engine.models.common.moe import route
from gauntlet_engine.models.nemotron_h.model import NemotronH
from gauntlet_engine.packing import make_packing, pack


@dataclass
class StepOutput:
    logits_BV: torch.Tensor
    """fp32 logits of the next token for each row."""
    routing_BLX: torch.Tensor | None
    """Expert ids chosen for each row's input token in each MoE layer ([B, moe layers, top-k]), or None."""


class StateCache:
    """Slotted caches for every stateful layer of one model. Slot ``num_slots`` is a scratch slot (graph padding)."""

    def __init__(self, model: NemotronH, num_slots: int, max_len: int):
        cfg = model.config
        p = next(model.parameters())
        self.device, self.dtype = p.device, p.dtype
        self.num_slots, self.max_len = num_slots, max_len
        S = num_slots + 1
        self.conv: dict[int, torch.Tensor] = {}
        self.ssm: dict[int, torch.Tensor] = {}
        self.k: dict[int, torch.Tensor] = {}
        self.v: dict[int, torch.Tensor] = {}
        for i, block in enumerate(model.model.layers):
            if block.kind == "mamba":
                m = block.mixer
                W = m.conv1d.weight.shape[-1]
                self.conv[i] = torch.zeros(S, W - 1, m.conv_dim, device=self.device, dtype=self.dtype)
                self.ssm[i] = torch.zeros(S, m.n_heads, m.head_dim, m.state_size, device=self.device,
                                          dtype=torch.float32)
            elif block.kind == "attention":
                a = block.mixer
                self.k[i] = torch.zeros(S, max_len, a.n_kv_heads, a.head_dim, device=self.device, dtype=self.dtype)
                self.v[i] = torch.zeros_like(self.k[i])
        self.bytes = sum(t.numel() * t.element_size() for d in (self.conv, self.ssm, self.k, self.v)
                         for t in d.values())


class ModelRunner:
    """Runs one model over a ``StateCache``: prefill of new sequences, then batched one-token decode steps."""

    def __init__(self, model: NemotronH, num_slots: int, max_len: int, cuda_graphs: bool | None = None):
        self.model = model
        self.cache = StateCache(model, num_slots, max_len)
        self.moe_layers = [i for i, b in enumerate(model.model.layers) if b.kind == "moe"]
        if cuda_graphs is None:
            cuda_graphs = self.cache.device.type == "cuda" and os.environ.get("GAUNTLET_CUDA_GRAPHS", "1") != "0"
        self.cuda_graphs = cuda_graphs
        self.fused_moe = _moe_decode_choice() == "fused"
        self._graphs: dict[tuple[int, int], _Graph] = {}
        self.record_routing = True

    # ---- prefill ----------------------------------------------------------------------------------
    @torch.no_grad()
    def prefill(self, sequences: list[list[int]], slots: list[int]) -> StepOutput:
        """Run whole prompts (packed), fill their slots, return the logits after each prompt's last token.

        Routing of every prompt token is in ``self.last_prefill_routing`` ({seq: [T_seq, layers, X]}).
        """
        model, cache = self.model, self.cache
        dev = cache.device
        ids_T, cu = pack(sequences)
        packing = make_packing(cu, device=dev)
        ids_T = ids_T.to(dev)
        slots_B = torch.tensor(slots, device=dev, dtype=torch.long)
        lens = [len(s) for s in sequences]
        if max(lens) > cache.max_len:
            raise ValueError(f"sequence of {max(lens)} tokens exceeds the cache length {cache.max_len}")
        h = model.model.embeddings(ids_T)
        routing = []
        for i, block in enumerate(model.model.layers):
            x = block.norm(h.to(block.norm.weight.dtype))
            if block.kind == "mamba":
                y = self._mamba_prefill(i, block.mixer, x, packing, cu, slots_B)
            elif block.kind == "attention":
                y = block.mixer(x, packing)
                a = block.mixer
                k = a.k_proj(x).view(-1, a.n_kv_heads, a.head_dim)
                v = a.v_proj(x).view(-1, a.n_kv_heads, a.head_dim)
                for b, (s, e) in enumerate(zip(cu[:-1].tolist(), cu[1:].tolist())):
                    cache.k[i][slots[b], : e - s] = k[s:e]
                    cache.v[i][slots[b], : e - s] = v[s:e]
            elif block.kind == "moe":
                y = block.mixer(x)
                routing.append(block.mixer.last_topk_idx_TX)
            else:
                y = block.mixer(x)
            h = h + y
        last = (cu[1:] - 1).to(dev).long()
        hl = model.model.norm_f(h[last])
        logits = F.linear(hl, model.lm_head.weight).float()
        if routing and self.record_routing:
            r_TLX = torch.stack(routing, 1).cpu()
            self.last_prefill_routing = {b: r_TLX[s:e] for b, (s, e) in enumerate(zip(cu[:-1].tolist(),
                                                                                      cu[1:].tolist()))}
        else:
            self.last_prefill_routing = {}
        return StepOutput(logits, None)

    def _mamba_prefill(self, i, m, x_TD, packing, cu, slots_B):
        cache = self.cache
        T = x_TD.shape[0]
        H, P, G, N = m.n_heads, m.head_dim, m.n_groups, m.state_size
        z_TI, xBC_TC, dt_TH = m.in_proj(x_TD).split([m.inner, m.conv_dim, H], dim=-1)
        W1 = cache.conv[i].shape[1]
        for b, (s, e) in enumerate(zip(cu[:-1].tolist(), cu[1:].tolist())):
            tail = xBC_TC[max(s, e - W1) : e]
            st = torch.zeros(W1, m.conv_dim, device=x_TD.device, dtype=cache.dtype)
            st[W1 - tail.shape[0] :] = tail
            cache.conv[i][slots_B[b]] = st
        xBC_TC = causal_conv1d(xBC_TC, m.conv1d.weight.squeeze(1), m.conv1d.bias, packing.seq_idx_T, "silu")
        x_TI, B_TGN, C_TGN = xBC_TC.split([m.inner, G * N, G * N], dim=-1)
        dt_TH = _dt_softplus(dt_TH, m.dt_bias, m.dt_limit[0])
        A_H = -torch.exp(m.A_log.float())
        y_THP, final_BHPN = ssd_scan(
            x_TI.reshape(T, H, P), dt_TH, A_H, B_TGN.reshape(T, G, N), C_TGN.reshape(T, G, N), m.chunk_size,
            packing.seq_idx_T, packing.cu_seqlens_B1, D_H=m.D, return_final_states=True, out_dtype=torch.float32,
        )
        cache.ssm[i].index_copy_(0, slots_B, final_BHPN.float())
        return m.out_proj(m.norm(y_THP.reshape(T, m.inner), z_TI).to(x_TD.dtype))

    # ---- decode -----------------------------------------------------------------------------------
    @torch.no_grad()
    def decode(self, tokens_B: torch.Tensor, slots_B: torch.Tensor, pos_B: torch.Tensor, max_pos: int) -> StepOutput:
        """One token per row: ``tokens_B`` at position ``pos_B`` (= tokens already cached) of slot ``slots_B``.

        ``max_pos`` (a host int, the largest pos in the batch) bounds the attention span. On CUDA the step runs
        as a captured CUDA graph per (batch bucket, length bucket).
        """
        if self.cuda_graphs:
            return self._decode_graphed(tokens_B, slots_B, pos_B, max_pos)
        return self._decode_eager(tokens_B, slots_B, pos_B, max_pos + 1)

    def _decode_eager(self, tokens_B, slots_B, pos_B, span: int) -> StepOutput:
        model, cache = self.model, self.cache
        h = model.model.embeddings(tokens_B)
        routing = []
        for i, block in enumerate(model.model.layers):
            x = block.norm(h.to(block.norm.weight.dtype))
            if block.kind == "mamba":
                y = self._mamba_step(i, block.mixer, x, slots_B)
            elif block.kind == "attention":
                y = self._attention_step(i, block.mixer, x, slots_B, pos_B, span)
            elif block.kind == "moe":
                y, idx = self._moe_step(block.mixer, x)
                routing.append(idx)
            else:
                y = block.mixer(x)
            h = h + y
        h = model.model.norm_f(h)
        logits = F.linear(h, model.lm_head.weight).float()
        return StepOutput(logits, torch.stack(routing, 1) if routing else None)

    def _mamba_step(self, i, m, x_BD, slots_B):
        cache = self.cache
        B = x_BD.shape[0]
        H, P, G, N = m.n_heads, m.head_dim, m.n_groups, m.state_size
        z_BI, xBC_BC, dt_BH = m.in_proj(x_BD).split([m.inner, m.conv_dim, H], dim=-1)
        xBC_BC = conv_step(cache.conv[i], slots_B, xBC_BC, m.conv1d.weight.squeeze(1), m.conv1d.bias)
        x_BI, B_BGN, C_BGN = xBC_BC.split([m.inner, G * N, G * N], dim=-1)
        y_BHP = ssm_step(cache.ssm[i], slots_B, x_BI.reshape(B, H, P), dt_BH, m.dt_bias, m.dt_limit[0], m.A_log,
                         B_BGN.reshape(B, G, N), C_BGN.reshape(B, G, N), m.D)
        return m.out_proj(m.norm(y_BHP.reshape(B, m.inner), z_BI).to(x_BD.dtype))

    def _attention_step(self, i, a, x_BD, slots_B, pos_B, span: int):
        cache = self.cache
        B = x_BD.shape[0]
        q = a.q_proj(x_BD).view(B, a.n_heads, 1, a.head_dim)
        k = a.k_proj(x_BD).view(B, a.n_kv_heads, a.head_dim)
        v = a.v_proj(x_BD).view(B, a.n_kv_heads, a.head_dim)
        cache.k[i][slots_B, pos_B] = k.to(cache.dtype)
        cache.v[i][slots_B, pos_B] = v.to(cache.dtype)
        K_BKLE = cache.k[i][slots_B, :span].transpose(1, 2)
        V_BKLE = cache.v[i][slots_B, :span].transpose(1, 2)
        mask_B11L = (torch.arange(span, device=x_BD.device)[None, :] <= pos_B[:, None])[:, None, None, :]
        o = F.scaled_dot_product_attention(q, K_BKLE, V_BKLE, attn_mask=mask_B11L, scale=a.head_dim**-0.5,
                                           enable_gqa=a.n_heads != a.n_kv_heads)
        return a.o_proj(o.reshape(B, -1))

    def _moe_step(self, moe, x_BD):
        g = moe.gate
        scale = float(g.routed_scaling_factor)
        fused = self.fused_moe and use_triton(x_BD, "auto") and fused_supported(x_BD, g.n_group, g.topk_group)
        if fused:
            idx_BX, w_BX = fused_route(x_BD, g.weight, g.e_score_correction_bias, g.top_k, g.norm_topk_prob, scale)
        else:
            idx_BX, w_BX = route(x_BD, g.weight, g.e_score_correction_bias, None, g.top_k, g.n_group, g.topk_group,
                                 g.norm_topk_prob, scale)
        h = moe.fc1_latent_proj(x_BD) if moe.fc1_latent_proj is not None else x_BD
        up, down = moe.experts.up_proj, moe.experts.down_proj
        if fused and h.dtype == up.dtype:
            routed = fused_experts(h, up, down, idx_BX, w_BX)
        elif h.is_cuda and h.dtype == torch.bfloat16 and hasattr(torch, "_grouped_mm"):
            routed = _grouped_experts_nosync(h, up, down, idx_BX, w_BX)
        else:
            routed = experts_forward(h, up, down, idx_BX, w_BX)
        routed = routed.to(x_BD.dtype)
        if moe.fc2_latent_proj is not None:
            routed = moe.fc2_latent_proj(routed)
        return routed + moe.shared_experts(x_BD), idx_BX

    # ---- CUDA graphs -------------------------------------------------------------------------------
    def _decode_graphed(self, tokens_B, slots_B, pos_B, max_pos: int) -> StepOutput:
        B = tokens_B.shape[0]
        bb = _bucket(B, 8)
        lb = min(self.cache.max_len, max(256, _bucket(max_pos + 1, 256)))
        g = self._graphs.get((bb, lb))
        if g is None:
            g = self._graphs[(bb, lb)] = _Graph(self, bb, lb)
        return g.run(tokens_B, slots_B, pos_B)


def _moe_decode_choice() -> str:
    """GAUNTLET_MOE_DECODE: "grouped" (default) or "fused" (opt-in until the fused kernels are measured on a GPU)."""
    choice = os.environ.get("GAUNTLET_MOE_DECODE", "grouped")
    if choice not in ("grouped", "fused"):
        raise ValueError(f"GAUNTLET_MOE_DECODE={choice!r}; expected grouped or fused")
    return choice


def _bucket(n: int, lo: int) -> int:
    b = lo if n > 1 else 1
    while b < n:
        b *= 2
    return b


class _Graph:
    """One captured decode step for a fixed batch bucket and attention span; padding rows use the scratch slot."""

    def __init__(self, runner: ModelRunner, B: int, span: int):
        self.runner, self.B, self.span = runner, B, span
        dev = runner.cache.device
        scratch = runner.cache.num_slots
        self.tokens = torch.zeros(B, dtype=torch.long, device=dev)
        self.slots = torch.full((B,), scratch, dtype=torch.long, device=dev)
        self.pos = torch.zeros(B, dtype=torch.long, device=dev)
        self.graph = None
        if dev.type != "cuda":  # CPU: the same static-buffer, padded, fixed-span path, run eagerly (tests)
            return
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):  # warm-up outside capture (lazy inits, autotuning)
            for _ in range(2):
                self._snapshot_restore(lambda: runner._decode_eager(self.tokens, self.slots, self.pos, span))
        torch.cuda.current_stream().wait_stream(s)
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            self.out = runner._decode_eager(self.tokens, self.slots, self.pos, span)

    def _snapshot_restore(self, fn):
        fn()  # warm-up writes go to the scratch slot only (every row points at it)

    def run(self, tokens_B, slots_B, pos_B) -> StepOutput:
        n = tokens_B.shape[0]
        self.tokens[:n].copy_(tokens_B)
        self.slots[:n].copy_(slots_B)
        self.pos[:n].copy_(pos_B)
        if n < self.B:
            self.slots[n:].fill_(self.runner.cache.num_slots)
            self.pos[n:].zero_()
        if self.graph is None:
            self.out = self.runner._decode_eager(self.tokens, self.slots, self.pos, self.span)
        else:
            self.graph.replay()
        r = self.out.routing_BLX
        return StepOutput(self.out.logits_BV[:n], r[:n] if r is not None else None)


def _grouped_experts_nosync(x_TD, up_EID, down_EDI, idx_TX, w_TX):
    """experts_forward without host syncs (bincount and .tolist() replaced), so it can be graph-captured."""
    E = up_EID.shape[0]
    T, X = idx_TX.shape
    flat = idx_TX.reshape(-1)
    # narrow keys: the radix sort makes one pass per 8 key bits, and 64-bit ids cost 8 passes for 6 bits of data
    keys = flat.to(torch.uint8) if E <= 256 else flat.to(torch.int32)
    order = torch.argsort(keys, stable=True)
    counts = torch.zeros(E, dtype=torch.int32, device=x_TD.device).scatter_add_(
        0, flat, torch.ones_like(flat, dtype=torch.int32))
    offs = torch.cumsum(counts, 0, dtype=torch.int32)
    x_SD = x_TD[order // X]
    h = relu2(torch._grouped_mm(x_SD, up_EID.transpose(1, 2), offs=offs))
    y_SD = torch._grouped_mm(h, down_EDI.transpose(1, 2), offs=offs)
    y_TXD = torch.empty_like(y_SD).index_copy(0, order, y_SD).view(T, X, -1)
    return torch.einsum("txd,tx->td", y_TXD.float(), w_TX.float())
