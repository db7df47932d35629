#!/usr/bin/env bash
# Grading benchmark: grades the lb-round-robin reference solution (Submit, 6 tests) through the
# real warm worker pool (bubblewrap when installed) at concurrency 1 and 8, then compiles and runs
# the same job in-process with no sandbox (the floor). Optional argument: gradings per phase
# (default 200). The last lines are grading_p50_ms, grading_p99_ms, grading_per_second, floor_p50_ms.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="target/test-classes:target/classes:$(cat target/bench.classpath)"
java -Xmx512m -cp "$classpath" dev.loadbearing.sandbox.GradingBench "${1:-200}"
