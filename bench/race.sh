#!/usr/bin/env bash
# Race explorer: explored schedules per second on the three-ATM withdraw case (every interleaving
# of three compare-and-set withdrawals), alternating rounds with the old thread-per-process
# explorer and printing the ratio. The last line is `race_schedules_per_second: N`.
# Usage: bench/race.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="target/test-classes:target/classes:$(cat target/bench.classpath)"

java -cp "$classpath" dev.loadbearing.sim.bench.RaceBenchmark "${1:-5}"
