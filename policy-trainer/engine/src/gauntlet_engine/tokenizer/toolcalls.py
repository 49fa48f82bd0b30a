"""The tool-call parser (Hermes / Qwen3 / Nemotron style): ``<tool_call>{json}</tool_call>`` blocks.

Each block whose body is a JSON object with a string ``name`` becomes an OpenAI tool call
``{"id": "call_<n>", "type": "function", "function": {"name", "arguments": <JSON string>}}`` (``arguments``
re-serialised from the object, or kept verbatim when it was already a string). The block is removed from the
content; whatever text remains (thinking included) stays as content. A block that is not such JSON, or an
unterminated ``<tool_call>`` at the end, stays in the content untouched: the caller sees what the model wrote
and no call is invented.
"""

from __future__ import annotations

import json
import re

_BLOCK = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)


def parse_tool_calls(text: str, id_prefix: str = "call_") -> tuple[str, list[dict]]:
    calls, kept, last = [], [], 0
    for m in _BLOCK.finditer(text):
        try:
            obj = json.loads(m.group(1).strip())
        except json.JSONDecodeError:
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("name"), str):
            continue
        args = obj.get("arguments", obj.get("parameters", {}))
        args_s = args if isinstance(args, str) else json.dumps(args)
        calls.append({"id": f"{id_prefix}{len(calls)}", "type": "function",
                      "function": {"name": obj["name"], "arguments": args_s}})
        kept.append(text[last : m.start()])
        last = m.end()
    kept.append(text[last:])
    return "".join(kept).strip() if calls else text, calls
