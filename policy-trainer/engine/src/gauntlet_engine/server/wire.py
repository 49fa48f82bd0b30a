"""Binary array encoding on the wire: the safetensors format.

    [8 bytes: header length n, little-endian u64][n bytes: JSON header][raw little-endian tensor bytes]

Header: {"__metadata__": {str: str}, "<name>": {"dtype": "I32", "shape": [T], "data_offsets": [begin, end]}, ...}
with offsets relative to the start of the byte buffer. Parsed here by hand so every malformed or hostile
body gets a precise error (WireError -> HTTP 400) instead of a crash.
"""

from __future__ import annotations

import json
import struct

import torch

DTYPES = {
    "BOOL": torch.bool, "U8": torch.uint8, "I8": torch.int8, "I16": torch.int16, "I32": torch.int32,
    "I64": torch.int64, "F16": torch.float16, "BF16": torch.bfloat16, "F32": torch.float32, "F64": torch.float64,
}
_NAMES = {v: k for k, v in DTYPES.items()}
MAX_HEADER_BYTES = 1 << 20


class WireError(ValueError):
    pass


def decode(body: bytes) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    if len(body) < 8:
        raise WireError("body shorter than the 8-byte safetensors header length")
    (n,) = struct.unpack("<Q", body[:8])
    if n > MAX_HEADER_BYTES or 8 + n > len(body):
        raise WireError(f"header length {n} is larger than the body or the {MAX_HEADER_BYTES}-byte limit")
    try:
        header = json.loads(body[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise WireError(f"header is not valid JSON: {e}") from None
    if not isinstance(header, dict):
        raise WireError("header must be a JSON object")
    meta = header.pop("__metadata__", {}) or {}
    if not isinstance(meta, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()):
        raise WireError("__metadata__ must map strings to strings")
    data = memoryview(body)[8 + n :]
    tensors = {}
    for name, info in header.items():
        if not isinstance(info, dict):
            raise WireError(f"tensor {name!r}: entry must be an object")
        dtype = DTYPES.get(info.get("dtype"))
        if dtype is None:
            raise WireError(f"tensor {name!r}: unsupported dtype {info.get('dtype')!r}; use one of {sorted(DTYPES)}")
        shape, offs = info.get("shape"), info.get("data_offsets")
        if not (isinstance(shape, list) and all(isinstance(d, int) and d >= 0 for d in shape)):
            raise WireError(f"tensor {name!r}: shape must be a list of non-negative integers")
        if not (isinstance(offs, list) and len(offs) == 2 and all(isinstance(o, int) for o in offs)):
            raise WireError(f"tensor {name!r}: data_offsets must be [begin, end]")
        begin, end = offs
        numel = 1
        for d in shape:
            numel *= d
        itemsize = torch.empty(0, dtype=dtype).element_size()
        if not (0 <= begin <= end <= len(data)) or end - begin != numel * itemsize:
            raise WireError(f"tensor {name!r}: data_offsets {offs} do not hold {numel} x {itemsize} bytes "
                            f"within the {len(data)}-byte buffer")
        raw = bytearray(data[begin:end])  # a copy: the tensor must outlive the request body
        t = torch.frombuffer(raw, dtype=dtype) if numel else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(shape)
    return tensors, meta


def encode(tensors: dict[str, torch.Tensor], metadata: dict[str, str] | None = None) -> bytes:
    header: dict = {"__metadata__": dict(metadata or {})}
    chunks, offset = [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().cpu().reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((-len(h)) % 8)  # safetensors pads the header to 8-byte alignment
    return struct.pack("<Q", len(h)) + h + b"".join(chunks)
