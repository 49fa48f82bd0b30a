#!/usr/bin/env bash
# The benchmark without Maven or network, for a quiet machine: expects target/classes,
# target/test-classes (built with -Pbench) and target/benchlib (runtime jars plus jmh-core,
# jopt-simple, commons-math3); uses a JDK >= 21 on the PATH or the jlinked target/jre, and
# math-verify from target/wheels when it is not installed. bench/run.sh is the usual entry point.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=java
if ! java -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA=target/jre/bin/java
fi
"$JAVA" -version 2>&1 | head -1
if ! python3 -c "import math_verify" 2>/dev/null; then
  python3 -m pip install -q --no-index --find-links target/wheels --target target/pylib math-verify
  export PYTHONPATH="$PWD/target/pylib${PYTHONPATH:+:$PYTHONPATH}"
fi
python3 -c "import math_verify, importlib.metadata as m; print('math-verify', m.version('math-verify'))"
nproc; uptime
python3 bench/make_inputs.py target/bench-inputs.jsonl
CP="target/test-classes:target/classes:$(ls target/benchlib/*.jar | tr '\n' ':')"
"$JAVA" -cp "$CP" dev.gauntlet.verifier.math.bench.Agreement > target/gauntlet-agreement.json
"$JAVA" -cp "$CP" org.openjdk.jmh.Main VerifierBenchmark -f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s \
  -rf json -rff target/jmh-result.json
python3 bench/math_verify_side.py target/bench-inputs.jsonl "${MV_PASSES:-2}" 2>/dev/null > target/math-verify.json
python3 bench/summarize.py
