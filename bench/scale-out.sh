#!/usr/bin/env bash
# Scale-out benchmark: one node and two nodes, each behind nginx on a PostgreSQL database of a
# throw-away cluster on this machine (loopback only), with the same number of signed-up learners
# submitting through each in alternating rounds. Arguments: learners (default 16), submissions per
# learner per round (default 6), rounds (default 3). Needs nginx and PostgreSQL's binaries (Debian's
# nginx and postgresql packages). The last lines are scaleout_submissions_per_second,
# scaleout_p99_ms and scaleout_lost, each for one node and two nodes.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="target/test-classes:target/classes:$(cat target/bench.classpath)"
java -Xmx512m -cp "$classpath" dev.loadbearing.db.ScaleOutBench "${1:-16}" "${2:-6}" "${3:-3}"
