#!/usr/bin/env bash
# Runs the Gauntlet math verifier (JMH, one thread) and Math-Verify (PyPI, one process) on the same
# inputs and prints checks/s per core, the ratio and each tool's agreement with the expected verdicts.
#   environments/libs/math-verifier/bench/run.sh            (from the repository root)
# Needs a JDK >= 21 (JAVA_HOME or /usr/lib/jvm/temurin-25-jdk-amd64), python3 and `pip install math-verify`.
set -euo pipefail
MODULE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE/../../.." && pwd)"
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME
"$JAVA_HOME/bin/java" -version 2>&1 | head -1
python3 -c "import math_verify" 2>/dev/null || { echo "math-verify missing: pip install math-verify" >&2; exit 1; }

cd "$MODULE"
python3 bench/make_inputs.py target/bench-inputs.jsonl
(cd "$ROOT" && ./mvnw -B -q -Pbench -pl environments/libs/math-verifier -am test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test)
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

"$JAVA_HOME/bin/java" -cp "$CP" dev.gauntlet.verifier.math.bench.Agreement > target/gauntlet-agreement.json
"$JAVA_HOME/bin/java" -cp "$CP" org.openjdk.jmh.Main VerifierBenchmark -f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s \
  -rf json -rff target/jmh-result.json
python3 bench/math_verify_side.py target/bench-inputs.jsonl "${MV_PASSES:-2}" 2>/dev/null > target/math-verify.json

python3 bench/summarize.py
