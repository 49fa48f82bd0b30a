"""Gauntlet policy engine: the NemotronH hybrid model, its kernels, the GRPO train step and the HTTP API.

Shape legend used throughout the package (tensor names end in these letters):
    T  packed tokens (all sequences of a batch, back to back; there is no batch dimension)
    B  sequences in the packed batch (cu_seqlens has B + 1 entries)
    D  model (hidden) dimension
    V  vocabulary size
    H  heads (attention query heads, or Mamba heads), K  key/value heads
    P  Mamba head dimension, G  Mamba B/C groups, N  SSM state size, W  conv kernel width
    C  conv channels, or chunks in the SSD scan (the file says which), Q  positions in a chunk
    E  routed experts, X  experts per token (top-k), I  expert / MLP intermediate size
"""

__version__ = "0.1.0"
