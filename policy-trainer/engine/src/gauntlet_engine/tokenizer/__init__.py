"""Tokenizers for generation: HF ``tokenizer.json`` + chat templates (``HFTokenizer``) and a small built-in
character tokenizer with think and tool-call markers for synthetic models (``BuiltinTokenizer``).

Both expose the same interface: ``encode``, ``decode``, ``token_text``, ``render_chat`` (chat template with
``enable_thinking``), and the ids of ``eos``, ``<think>`` and ``</think>``.
"""

from gauntlet_engine.tokenizer.builtin import BuiltinTokenizer
from gauntlet_engine.tokenizer.toolcalls import parse_tool_calls


def load_tokenizer(path: str | None):
    """``None`` or ``"builtin"``: the built-in tokenizer; otherwise an HF tokenizer directory or hub-cached name."""
    if path in (None, "", "builtin"):
        return BuiltinTokenizer()
    from gauntlet_engine.tokenizer.hf import HFTokenizer

    return HFTokenizer(path)


__all__ = ["BuiltinTokenizer", "load_tokenizer", "parse_tool_calls"]
