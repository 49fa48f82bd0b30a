#!/usr/bin/env bash
# HumanEval throughput: Gauntlet's sandboxed zygote pool against a plain `python3 file.py` subprocess per task
# (no isolation), side by side in one JVM, alternating rounds; prints runs/s of both and the ratio.
#   environments/builtin/code/bench/run.sh [threads] [rounds] [python]     (from the repository root)
# Also: bench/run.sh passrates  -> HumanEval gpt_solution pass rates (Python and Java).
# Needs bubblewrap and a JDK >= 21 (JAVA_HOME or /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail
MODULE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE/../../.." && pwd)"
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME
(cd "$ROOT" && ./mvnw -B -q -pl environments/builtin/code -am install -DskipTests \
  && ./mvnw -B -q -pl environments/builtin/code dependency:build-classpath \
       -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test)
cd "$MODULE"
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
if [[ "${1:-}" == "passrates" ]]; then
  exec "$JAVA_HOME/bin/java" -cp "$CP" dev.gauntlet.environment.code.bench.GptSolutionPassRates "${2:-4}"
fi
exec "$JAVA_HOME/bin/java" -cp "$CP" dev.gauntlet.environment.code.bench.HumanEvalThroughputBenchmark \
  "${1:-4}" "${2:-5}" "${3:-/usr/bin/python3}"
