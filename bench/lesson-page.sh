#!/usr/bin/env bash
# Lesson page latency over HTTP against the packaged server (bundled course, fresh data folder).
# The last line is `lesson_page_p50_ms: X`. Usage: bench/lesson-page.sh [PATH] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
path="${1:-/lessons/load-balancing}"
requests="${2:-5000}"

[[ -f target/loadbearing.jar ]] || mvn -B -q package -DskipTests
data=$(mktemp -d)
log="$data/server.log"
java -jar target/loadbearing.jar serve --port 0 --data "$data/db" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 1 100); do
  port=$(grep -o 'http://localhost:[0-9]*' "$log" | head -1 | cut -d: -f3 || true)
  [[ -n "$port" ]] && break
  sleep 0.2
done
[[ -n "${port:-}" ]] || { echo "the server did not start:"; cat "$log"; exit 1; }

java bench/LessonPageBench.java "http://localhost:$port" "$path" "$requests"
