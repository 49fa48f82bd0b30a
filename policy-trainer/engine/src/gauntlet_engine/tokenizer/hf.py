"""HF tokenizers (``tokenizer.json`` + ``chat_template``) through transformers, with ``enable_thinking`` passed
to the template (Qwen3, Nemotron 3 and Nemotron Nano 2 templates read it)."""

from __future__ import annotations


class HFTokenizer:
    def __init__(self, path: str):
        from transformers import AutoTokenizer

        self.tok = AutoTokenizer.from_pretrained(path)
        self.name = path
        self.vocab_size = len(self.tok)
        self.eos_id = self.tok.eos_token_id
        vocab = self.tok.get_vocab()
        self.think_start_id = vocab.get("<think>")
        self.think_end_id = vocab.get("</think>")
        self.im_end_id = vocab.get("<|im_end|>")
        self.stop_ids = {i for i in (self.eos_id, self.im_end_id) if i is not None}

    def encode(self, text: str) -> list[int]:
        return self.tok.encode(text, add_special_tokens=False)

    def decode(self, ids) -> str:
        return self.tok.decode(list(ids), skip_special_tokens=False)

    def token_text(self, i: int) -> str:
        return self.tok.decode([i], skip_special_tokens=False)

    def render_chat(self, messages, tools=None, add_generation_prompt=True, continue_final_message=False,
                    enable_thinking=True, **template_kwargs) -> str:
        return self.tok.apply_chat_template(
            messages, tools=tools, tokenize=False, add_generation_prompt=add_generation_prompt and not
            continue_final_message, continue_final_message=continue_final_message, enable_thinking=enable_thinking,
            **template_kwargs)
