"""Math-Verify (PyPI `math-verify`) on the shared benchmark inputs: agreement with the expected
verdicts and single-core checks per second.

Gold answers are given to Math-Verify the way NeMo Gym, NeMo-RL and verl do: wrapped in
\\boxed{} unless they already carry a box or $ delimiters; responses are parsed with the default
LaTeX + expression extraction. An exception counts as a wrong verdict.
"""
import json
import sys
import time

from math_verify import parse, verify


def gold_text(gold):
    return gold if ("\\boxed" in gold or "$" in gold) else "\\boxed{" + gold + "}"


def check(gold, response):
    try:
        return bool(verify(parse(gold_text(gold)), parse(response)))
    except Exception:
        return False


def main(path, passes):
    with open(path, encoding="utf-8") as f:
        inputs = [json.loads(line) for line in f if line.strip()]
    verdicts = [check(r["gold"], r["response"]) for r in inputs]  # also the warm-up pass
    agree = sum(1 for r, v in zip(inputs, verdicts) if r["accept_either"] or v == r["expected"])
    by_source = {}
    for r, v in zip(inputs, verdicts):
        ok = r["accept_either"] or v == r["expected"]
        s = by_source.setdefault(r["source"], [0, 0])
        s[0] += ok
        s[1] += 1
    print(json.dumps({"tool": "math-verify", "inputs": len(inputs), "agreement": agree / len(inputs),
                      "agreed": agree, "by_source": by_source,
                      "checks_per_second": throughput(inputs, passes),
                      "checks_per_second_without_accept_either": throughput(
                          [r for r in inputs if not r["accept_either"]], passes),
                      "passes": passes}))


def throughput(rows, passes):
    start = time.perf_counter()
    for _ in range(passes):
        for r in rows:
            check(r["gold"], r["response"])
    return passes * len(rows) / (time.perf_counter() - start)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2)
