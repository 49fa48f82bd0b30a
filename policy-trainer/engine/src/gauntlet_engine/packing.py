"""Packed variable-length batches: helpers that turn ``cu_seqlens`` into per-token indices.

A batch is a flat token stream ``input_ids_T`` plus ``cu_seqlens_B1`` (int32, starts at 0, ends at T).
Every layer that mixes tokens (conv1d, SSD scan, attention) must stop at sequence boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True, slots=True)
class Packing:
    """Everything the layers need to respect sequence boundaries, computed once per batch."""

    cu_seqlens_B1: torch.Tensor
    """int32 [B+1] start offsets of each sequence, then T."""
    seq_idx_T: torch.Tensor
    """int32 [T] index of the sequence each token belongs to."""
    max_seqlen: int
    """Length of the longest sequence (attention kernels need it as a Python int)."""

    @property
    def num_seqs(self) -> int:
        return self.cu_seqlens_B1.numel() - 1

    @property
    def num_tokens(self) -> int:
        return self.seq_idx_T.numel()


def validate_cu_seqlens(cu_seqlens_B1: torch.Tensor, num_tokens: int) -> None:
    """Raise ValueError unless cu_seqlens is 1-D, starts at 0, strictly increases and ends at num_tokens."""
    if cu_seqlens_B1.dim() != 1 or cu_seqlens_B1.numel() < 2:
        raise ValueError(f"cu_seqlens must be 1-D with at least 2 entries, got shape {tuple(cu_seqlens_B1.shape)}")
    cu = cu_seqlens_B1.tolist()
    if cu[0] != 0 or cu[-1] != num_tokens:
        raise ValueError(f"cu_seqlens must start at 0 and end at {num_tokens}, got {cu[0]} .. {cu[-1]}")
    if any(b <= a for a, b in zip(cu, cu[1:])):
        raise ValueError("cu_seqlens must be strictly increasing (no empty sequences)")


def make_packing(cu_seqlens_B1: torch.Tensor, device: torch.device | None = None) -> Packing:
    """Build the per-token indices where cu_seqlens lives (pass CPU cu_seqlens and a CUDA device to avoid a
    device-to-host sync for max_seqlen), then move them to device."""
    cu = cu_seqlens_B1.to(dtype=torch.int32)
    lengths_B = cu[1:] - cu[:-1]
    seq_idx_T = torch.repeat_interleave(
        torch.arange(lengths_B.numel(), device=cu.device, dtype=torch.int32), lengths_B.long()
    )
    max_seqlen = int(lengths_B.max().item())
    device = device or cu.device
    return Packing(cu_seqlens_B1=cu.to(device), seq_idx_T=seq_idx_T.to(device), max_seqlen=max_seqlen)


def pack(sequences: list[list[int]] | list[torch.Tensor], device=None) -> tuple[torch.Tensor, torch.Tensor]:
    """Concatenate token lists into (input_ids_T int64, cu_seqlens_B1 int32)."""
    tensors = [torch.as_tensor(s, dtype=torch.long) for s in sequences]
    lengths = torch.tensor([0] + [t.numel() for t in tensors], dtype=torch.int32)
    return torch.cat(tensors).to(device), torch.cumsum(lengths, 0, dtype=torch.int32).to(device)
