"""Builds the shared benchmark inputs: the verifier cases, and MATH-500 gold answers against
realistic responses (the dataset's own worked solution, right; the next problem's solution, wrong).

Each line: {"gold", "response", "expected", "accept_either", "source"}. Both the Java side and the
Math-Verify side read this one file, so they grade exactly the same inputs.
"""
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
# Consecutive MATH-500 answers written differently that are the same answer.
SAME_ANSWER = {("5", "x=5")}


def rows(name):
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(out_path):
    out = []
    for case in rows("verifier-cases.jsonl"):
        out.append({"gold": case["gold"], "response": case["pred"], "expected": case["expected"],
                    "accept_either": bool(case.get("accept_either", False)), "source": "verifier-cases"})
    problems = rows("math500-test.jsonl")
    for i, p in enumerate(problems):
        out.append({"gold": p["answer"], "response": p["solution"], "expected": True,
                    "accept_either": False, "source": "math500-right"})
        for k in range(1, len(problems)):
            other = problems[(i + k) % len(problems)]
            if other["answer"].replace(" ", "") != p["answer"].replace(" ", ""):
                break
        if (p["answer"], other["answer"]) in SAME_ANSWER:
            continue
        out.append({"gold": p["answer"], "response": other["solution"], "expected": False,
                    "accept_either": False, "source": "math500-wrong"})
    with open(out_path, "w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row) + "\n")
    print(f"wrote {len(out)} inputs to {out_path}")


if __name__ == "__main__":
    main(sys.argv[1])
