"""Prints the side-by-side summary from target/gauntlet-agreement.json, target/jmh-result.json and
target/math-verify.json (written by bench/run.sh or bench/run-prebuilt.sh)."""
import json

g = json.load(open("target/gauntlet-agreement.json"))
m = json.load(open("target/math-verify.json"))
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open("target/jmh-result.json"))}
rows = {"gradeAllInputs": g["inputs"], "gradeInputsWithoutAcceptEither": g["inputs"] - 1}
print(f"inputs: {g['inputs']}")
print(f"agreement: gauntlet {g['agreed']}/{g['inputs']} = {g['agreement']:.4f}   "
      f"math-verify {m['agreed']}/{m['inputs']} = {m['agreement']:.4f}")
print(f"  by source gauntlet {g['by_source']}  math-verify {m['by_source']}")
for name, mv_key in (("gradeAllInputs", "checks_per_second"),
                     ("gradeInputsWithoutAcceptEither", "checks_per_second_without_accept_either")):
    ops = jmh[name]["score"]
    err = jmh[name]["scoreError"]
    ours = ops * rows[name]
    print(f"{name}: gauntlet {ours:,.0f} checks/s (±{err * rows[name]:,.0f})   "
          f"math-verify {m[mv_key]:,.1f} checks/s   ratio {ours / m[mv_key]:,.0f}x")
