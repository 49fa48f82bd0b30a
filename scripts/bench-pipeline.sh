#!/usr/bin/env bash
# Pipeline throughput benchmark (docs/performance.md): Gauntlet's scoring path against the raw Kafka + PostgreSQL
# limit, side by side, on embedded real servers.   scripts/bench-pipeline.sh [records, default 10000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/find-jdk.sh"
cd "$ROOT"
./mvnw -B -q -DskipTests -pl launcher -am install
./mvnw -B -q -pl launcher exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.gauntlet.pipeline.PipelineBenchmark -Dexec.args="${1:-10000}" 2>&1 \
  | grep -A4 "^Pipeline benchmark"
