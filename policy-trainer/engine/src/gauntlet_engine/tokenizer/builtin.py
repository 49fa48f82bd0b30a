"""A tiny built-in tokenizer for synthetic models: one token per printable ASCII character, newline and tab,
plus special markers. 105 ids, so it fits the debug model's 128-token vocabulary.

Specials: ``<|endoftext|>`` (eos, 0), ``<|im_start|>``, ``<|im_end|>``, ``<think>``, ``</think>``,
``<tool_call>``, ``</tool_call>``, ``<tool_response>``, ``</tool_response>``. A character outside the alphabet
encodes as ``?``. Encoding then decoding any ASCII text gives it back exactly, and the encoding of a prefix is
a prefix of the encoding (no merges), which keeps multi-call token sequences consistent.

The chat template is ChatML (as Qwen3 / Nemotron 3):

    <|im_start|>system\n{system}{tools block: "- name(param, ...): first sentence", one per line}<|im_end|>\n
    <|im_start|>user\n{content}<|im_end|>\n
    <|im_start|>assistant\n{content}<tool_call>{"name": .., "arguments": ..}</tool_call><|im_end|>\n
    <|im_start|>user\n<tool_response>{tool result}</tool_response><|im_end|>\n
    <|im_start|>assistant\n<think>          (generation prompt, thinking on)
    <|im_start|>assistant\n<think></think>  (generation prompt, enable_thinking=False)
"""

from __future__ import annotations

import json

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "</tool_call>",
            "<tool_response>", "</tool_response>"]
CHARS = ["\n", "\t"] + [chr(c) for c in range(32, 127)]


class BuiltinTokenizer:
    name = "builtin"

    def __init__(self):
        self.vocab = SPECIALS + CHARS
        self.ids = {t: i for i, t in enumerate(self.vocab)}
        self.vocab_size = len(self.vocab)
        self.eos_id = self.ids["<|endoftext|>"]
        self.im_end_id = self.ids["<|im_end|>"]
        self.think_start_id = self.ids["<think>"]
        self.think_end_id = self.ids["</think>"]
        self.stop_ids = {self.eos_id, self.im_end_id}
        self._q = self.ids["?"]

    def encode(self, text: str) -> list[int]:
        out, i = [], 0
        while i < len(text):
            if text[i] == "<":
                for s in SPECIALS:
                    if text.startswith(s, i):
                        out.append(self.ids[s])
                        i += len(s)
                        break
                else:
                    out.append(self.ids["<"])
                    i += 1
                continue
            out.append(self.ids.get(text[i], self._q))
            i += 1
        return out

    def decode(self, ids) -> str:
        return "".join(self.vocab[i] if 0 <= i < self.vocab_size else "" for i in ids)

    def token_text(self, i: int) -> str:
        return self.vocab[i] if 0 <= i < self.vocab_size else ""

    def render_chat(self, messages: list[dict], tools: list | None = None, add_generation_prompt: bool = True,
                    continue_final_message: bool = False, enable_thinking: bool = True) -> str:
        parts = []
        msgs = list(messages)
        system = ""
        if msgs and msgs[0].get("role") == "system":
            system = _text(msgs.pop(0).get("content"))
        if tools:  # compact, one line per tool: synthetic models have short contexts and one token per character
            system += ("\n\n" if system else "") + "# Tools\n" + "\n".join(_tool_line(t) for t in tools) + \
                "\nCall a tool with <tool_call>{\"name\": ..., \"arguments\": {...}}</tool_call>"
        if system:
            parts.append(f"<|im_start|>system\n{system}<|im_end|>\n")
        for n, m in enumerate(msgs):
            role = m.get("role")
            last = n == len(msgs) - 1
            if role == "tool":
                parts.append(f"<|im_start|>user\n<tool_response>{_text(m.get('content'))}</tool_response><|im_end|>\n")
                continue
            body = _text(m.get("content"))
            if role == "assistant":
                for call in m.get("tool_calls") or []:
                    f = call.get("function", {})
                    args = f.get("arguments", "{}")
                    try:
                        args_obj = json.loads(args) if isinstance(args, str) else args
                    except json.JSONDecodeError:
                        args_obj = args
                    body += "<tool_call>" + json.dumps({"name": f.get("name"), "arguments": args_obj}) + "</tool_call>"
            if last and continue_final_message and role == "assistant":
                # continuing = the generation prompt + what was sampled so far, so that the new prompt's ids start
                # with the earlier prompt's ids plus its completion ids (token-in/token-out across calls)
                opener = "<think>" if enable_thinking else "<think></think>"
                if not body.startswith("<think>"):
                    body = opener + body
                parts.append(f"<|im_start|>assistant\n{body}")
                return "".join(parts)
            parts.append(f"<|im_start|>{role}\n{body}<|im_end|>\n")
        if add_generation_prompt:
            parts.append("<|im_start|>assistant\n" + ("<think>" if enable_thinking else "<think></think>"))
        return "".join(parts)


def _tool_line(tool: dict) -> str:
    f = tool.get("function", tool) if isinstance(tool, dict) else {}
    params = ", ".join((f.get("parameters") or {}).get("properties", {}) or {})
    desc = (f.get("description") or "").split(". ")[0]
    return f"- {f.get('name')}({params})" + (f": {desc}" if desc else "")


def _text(content) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)
