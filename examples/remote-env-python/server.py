#!/usr/bin/env python3
"""A remote Gauntlet environment in Python's standard library: arithmetic word problems with a calculator tool.

It speaks the environment protocol (docs/architecture.md, "The environment protocol") as a *remote* environment:
environment-service owns the registry and the datasets, so every seed_session and verify body carries the task
row (``task``) next to its ``task_id``. The server keeps no state between requests.

Routes:
  GET  /health             {"status": "UP"}
  POST /seed_session       {session_id, task_id, task}            -> {session_id, messages, tools}
  POST /tools/calculator   {session_id, arguments: {expression}}  -> {content, error}
  POST /verify             {session_id, task_id, task, messages}  -> {status, reward, reward_components, ...}

Run:  python3 server.py --port 9100          (binds 127.0.0.1; --port 0 picks a free port and prints it)
      python3 server.py --self-failing       (verify rejects every answer: registration must refuse it)

What it does not cover: authentication and TLS (put it behind a proxy for that); it is an example, not a sandbox.
"""
import argparse
import ast
import json
import operator
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20
SYSTEM = ("Solve the arithmetic problem. You may call the calculator tool. "
          "End with the final answer on its own line as: Answer: <number>")
CALCULATOR = {
    "type": "function",
    "function": {
        "name": "calculator",
        "description": "Evaluates an arithmetic expression with + - * / ** and parentheses.",
        "parameters": {
            "type": "object",
            "properties": {"expression": {"type": "string", "description": "for example (17 * 23) + 4"}},
            "required": ["expression"],
        },
    },
}
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
             ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}
ANSWER = re.compile(r"answer\s*:\s*(-?\d+(?:\.\d+)?)", re.IGNORECASE)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def evaluate(expression):
    """Evaluates + - * / ** over numbers only; anything else is a ValueError."""
    if len(expression) > 200:
        raise ValueError("expression longer than 200 characters")

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > 64:
                raise ValueError("exponent too large")
            return OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](walk(node.operand))
        raise ValueError("only numbers and + - * / ** are allowed")

    return walk(ast.parse(expression, mode="eval"))


def final_answer(messages):
    """The number after 'Answer:' in the last assistant message, else its last number, else None."""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "assistant" and isinstance(message.get("content"), str):
            text = message["content"]
            found = ANSWER.findall(text) or NUMBER.findall(text)
            return found[-1] if found else None
    return None


class Handler(BaseHTTPRequestHandler):
    server_version = "gauntlet-remote-example/1.0"
    protocol_version = "HTTP/1.1"  # keep-alive: every reply carries Content-Length
    self_failing = False

    def log_message(self, fmt, *args):  # quiet by default; the service logs its calls
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body larger than 1 MiB")
        parsed = json.loads(self.rfile.read(length) or b"{}")
        if not isinstance(parsed, dict):
            raise ValueError("body must be a JSON object")
        return parsed

    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "UP", "environment": "calculator-arithmetic"})
        else:
            self.reply(404, {"detail": "no route " + self.path})

    def do_POST(self):
        try:
            body = self.body()
            if self.path == "/seed_session":
                self.reply(200, self.seed(body))
            elif self.path == "/tools/calculator":
                self.reply(200, self.calculator(body))
            elif self.path.startswith("/tools/"):
                self.reply(200, {"content": "unknown tool " + self.path[len("/tools/"):], "error": True})
            elif self.path == "/verify":
                self.reply(200, self.verify(body))
            else:
                self.reply(404, {"detail": "no route " + self.path})
        except (ValueError, KeyError, TypeError) as e:
            self.close_connection = True  # an unread body would otherwise be parsed as the next request
            self.reply(400, {"detail": str(e)})

    @staticmethod
    def task(body):
        task = body.get("task")
        if not isinstance(task, dict) or not isinstance(task.get("question"), str):
            raise ValueError("task.question must be a string")
        return task

    def seed(self, body):
        task = self.task(body)
        return {"session_id": body.get("session_id"),
                "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": task["question"]}],
                "tools": [CALCULATOR]}

    @staticmethod
    def calculator(body):
        arguments = body.get("arguments") or {}
        try:
            value = evaluate(str(arguments.get("expression", "")))
            return {"content": repr(value), "error": False}
        except (ValueError, SyntaxError, ZeroDivisionError, OverflowError) as e:
            return {"content": "calculator error: " + str(e), "error": True}

    def verify(self, body):
        task = self.task(body)
        gold = str(task.get("answer", ""))
        answer = final_answer(body.get("messages") or [])
        correct = answer is not None and not self.self_failing and float(answer) == float(gold)
        reward = 1.0 if correct else 0.0
        return {"status": "ok", "reward": reward, "reward_components": {"correct": reward},
                "extracted_answer": answer, "detail": "correct" if correct else "expected " + gold}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--self-failing", action="store_true", help="reject every answer, gold ones included")
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="exit when standard input closes, so a test's server dies with the test process")
    args = parser.parse_args()
    if args.exit_with_stdin:
        def watch():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
    Handler.self_failing = args.self_failing
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print("listening on http://%s:%d" % server.server_address[:2], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
