#!/usr/bin/env bash
# Simulation benchmarks (JMH): engine events per second, then (with --scenario) the
# one-million-request load-balancer scenario. The last line is `sim_events_per_second: N`.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="target/test-classes:target/classes:$(cat target/bench.classpath)"

if [[ "${1:-}" == "--scenario" ]]; then
  java -cp "$classpath" org.openjdk.jmh.Main 'LoadBalancerScenarioBenchmark' \
    -rf csv -rff target/jmh-scenario.csv
fi

java -cp "$classpath" org.openjdk.jmh.Main 'EngineBenchmark' -rf csv -rff target/jmh-engine.csv
# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit",...
score=$(awk -F, 'NR == 2 { printf "%.0f", $5 }' target/jmh-engine.csv)
echo "sim_events_per_second: ${score}"
