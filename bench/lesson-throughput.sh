#!/usr/bin/env bash
# Lesson page throughput against nginx serving the same bytes, side by side (wrk -t2 -c64 -d10s).
#
# Starts the packaged server (bundled course, fresh data folder) and nginx on a copy of the
# lesson's HTML as the server sent it, both with gzip at level 6 for text/html over 1,500 bytes
# (Javalin's defaults, set the same in nginx). Three rounds; each round runs every case once,
# nginx first, so the two alternate under the same machine load. Cases: nginx; the lesson for a
# new visitor (no cookies: the server issues a CSRF cookie), a returning visitor (CSRF cookie
# sent) and a signed-in learner (session cookie); the outline. Prints a table of medians, then
# the last lines: lesson_rps (the slowest lesson case), lesson_p99_ms (the worst lesson case),
# nginx_rps and ratio (lesson_rps / nginx_rps).
#
# Usage: bench/lesson-throughput.sh [PATH] [DURATION]   e.g. bench/lesson-throughput.sh /lessons/caching 5s
# GZIP=1 makes wrk ask for gzip (Accept-Encoding: gzip), so both sides compress every response.
set -euo pipefail
cd "$(dirname "$0")/.."
path="${1:-/lessons/load-balancing}"
duration="${2:-10s}"
rounds=3

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  echo "installing ${need[*]}" >&2
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

[[ -f target/loadbearing.jar ]] || mvn -B -q package -DskipTests
work=$(mktemp -d)
chmod 755 "$work" # nginx workers may run as another user
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

java -jar target/loadbearing.jar serve --port 0 --data "$work/db" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do
  port=$(grep -o 'http://localhost:[0-9]*' "$work/server.log" | head -1 | cut -d: -f3 || true)
  [[ -n "$port" ]] && break
  sleep 0.2
done
[[ -n "${port:-}" ]] || { echo "the server did not start:"; cat "$work/server.log"; exit 1; }
base="http://localhost:$port"

# The same bytes for nginx: the page as a guest gets it.
mkdir -p "$work/www/lessons"
curl -sf "$base$path" -o "$work/www/page.html"
chmod -R a+rX "$work/www"
# A returning visitor: the CSRF cookie from a first visit.
csrf=$(curl -sf -D - -o /dev/null "$base$path" | grep -io 'lb_csrf=[^;]*' | head -1)
# A signed-in learner: sign up with that cookie and token, keep the session cookie.
token=${csrf#*=}
signed_up=$(curl -sf -D - -o /dev/null -H "Cookie: $csrf" --data-urlencode "_csrf=$token" \
  --data-urlencode "email=bench-$RANDOM@example.com" --data-urlencode "name=Bench Learner" \
  --data-urlencode "password=correct horse battery staple" "$base/signup")
session=$(grep -io 'lb_session=[^;]*' <<<"$signed_up" | head -1)
[[ -n "$session" ]] || { echo "signing up failed"; exit 1; }
cookie_signed_in="$session; $(grep -io 'lb_csrf=[^;]*' <<<"$signed_up" | head -1)" # signing in renews the token
[[ $(curl -sf -H "Cookie: $cookie_signed_in" "$base$path") == *'Bench Learner'* ]] || { echo "the signed-in page does not greet the learner"; exit 1; }

nginx_port=$((port + 1))
while (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null; do nginx_port=$((nginx_port + 1)); done
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  types { text/html html; }
  gzip on; gzip_comp_level 6; gzip_min_length 1500;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location = $path { default_type text/html; try_files /page.html =404; }
  }
}
CONF
mkdir -p "$work/tmp"
"$nginx_bin" -c "$work/nginx.conf" -p "$work" -e "$work/nginx-error.log" || { cat "$work/nginx-error.log"; exit 1; }
sleep 0.5
cmp -s <(curl -sf "http://127.0.0.1:$nginx_port$path") "$work/www/page.html" || { echo "nginx does not serve the page"; cat "$work/nginx-error.log"; exit 1; }

gzip_header=()
[[ "${GZIP:-0}" == 1 ]] && gzip_header=(-H "Accept-Encoding: gzip")

# Prints "requests_per_second p99_ms" for one wrk run.
run() {
  local url=$1; shift
  wrk -t2 -c64 -d"$duration" --latency "${gzip_header[@]}" "$@" "$url" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; unit = v; gsub(/[0-9.]/, "", unit); gsub(/[a-z]/, "", v);
                  p99 = unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v }
    END { printf "%.0f %.2f\n", rps, p99 }'
}

# Warm-up: the server's JIT and page cache, nginx's file cache.
wrk -t2 -c64 -d5s "$base$path" >/dev/null
wrk -t2 -c64 -d5s -H "Cookie: $cookie_signed_in" "$base$path" >/dev/null
wrk -t2 -c64 -d2s "http://127.0.0.1:$nginx_port$path" >/dev/null

cases=(nginx new returning signed_in outline)
declare -A results
for round in $(seq 1 $rounds); do
  for c in "${cases[@]}"; do
    case $c in
      nginx) r=$(run "http://127.0.0.1:$nginx_port$path") ;;
      new) r=$(run "$base$path") ;;
      returning) r=$(run "$base$path" -H "Cookie: $csrf") ;;
      signed_in) r=$(run "$base$path" -H "Cookie: $cookie_signed_in") ;;
      outline) r=$(run "$base/" -H "Cookie: $csrf") ;;
    esac
    echo "round $round $c: $r requests/s, p99 ms" >&2
    results[$c]+="$r"$'\n'
  done
done

median() { printf '%s' "${results[$1]}" | awk 'NF' | sort -n -k"$2" | awk '{ v[NR] = $'"$2"' } END { print v[int((NR + 1) / 2)] }'; }
printf '%-34s %10s %10s\n' "case (median of $rounds)" "req/s" "p99 ms"
for c in "${cases[@]}"; do
  printf '%-34s %10s %10s\n' "$c" "$(median "$c" 1)" "$(median "$c" 2)"
done
nginx_rps=$(median nginx 1)
lesson_rps=$(for c in new returning signed_in; do median "$c" 1; done | sort -n | head -1)
lesson_p99=$(for c in new returning signed_in; do median "$c" 2; done | sort -n | tail -1)
echo "page: $path, $(wc -c <"$work/www/page.html") bytes; gzip requested: ${GZIP:-0}"
echo "lesson_rps: $lesson_rps"
echo "lesson_p99_ms: $lesson_p99"
echo "nginx_rps: $nginx_rps"
echo "ratio: $(awk -v a="$lesson_rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", a / b }')"
