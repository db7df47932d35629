#!/usr/bin/env bash
# Live simulation run latency over HTTP against the packaged server (bundled course, fresh data
# folder): every request has a new seed, so none is answered from the cache. Warms up first.
# The last lines are `live_simulation_p50_ms: X` and `live_simulation_p99_ms: Y`.
# Usage: bench/live-simulation.sh [QUERY] [RUNS]   e.g. bench/live-simulation.sh 'servers=8&load=95' 200
# SIMULATION=single-server-knee picks another scenario (default lb-algorithms); COURSE=DIR serves
# another course folder (bench/million-events holds a scenario of about a million events).
set -euo pipefail
cd "$(dirname "$0")/.."
query="${1:-}"
runs="${2:-200}"

[[ -f target/loadbearing.jar ]] || mvn -B -q package -DskipTests
data=$(mktemp -d)
log="$data/server.log"
java -jar target/loadbearing.jar serve --port 0 --data "$data/db" ${COURSE:+--course "$COURSE"} >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 1 600); do   # up to 2 minutes: the server compiles and checks every live simulation first
  port=$(grep -o 'http://localhost:[0-9]*' "$log" | head -1 | cut -d: -f3 || true)
  [[ -n "$port" ]] && break
  sleep 0.2
done
[[ -n "$port" ]] || { echo "the server did not start:"; cat "$log"; exit 1; }
url="http://localhost:$port/api/simulations/${SIMULATION:-lb-algorithms}/run?${query:+$query&}seed="

curl -sf -o /dev/null --retry 30 --retry-connrefused --retry-delay 1 "${url}99999"
for seed in $(seq 100000 100050); do curl -sf -o /dev/null "$url$seed"; done
times="$data/times"
for seed in $(seq 1 "$runs"); do
  curl -sf -o /dev/null -w '%{time_total}\n' "$url$seed" >>"$times"
done
sort -n "$times" | awk -v n="$runs" '{ t[NR] = $1 * 1000 } END {
  p50 = t[int(n * 0.50 + 0.5)]; p99 = t[int(n * 0.99 + 0.5)];
  printf "runs: %d, max %.1f ms\nlive_simulation_p50_ms: %.1f\nlive_simulation_p99_ms: %.1f\n", n, t[n], p50, p99 }'
