#!/usr/bin/env bash
# Soak run (issue 13): mixed search and match load over keep-alive connections against a release
# server on 127.0.0.1, with a catalogue reload every 10 s (SIGHUP), for 10 minutes. Records the
# server's resident memory and open file handles at the start, every minute and at the end, and
# every answer that was not 2xx. Stops by itself; talks to 127.0.0.1 only. Not part of CI.
# Needs: target/release/padvinder (cargo build --release), wrk (apt-get install -y wrk), python3.
# Usage: bash benches/soak.sh [seconds, default 600] [reload every N s, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-600}"
reload_every="${2:-10}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
server=""
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# wrk's Lua reads plain profile files: the "profile" object of each persona (as benches/load).
mkdir -p "$work/personas/tests/personas"
for f in tests/personas/*.json; do
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["profile"]))' "$f" \
    > "$work/personas/tests/personas/$(basename "$f" .json).profile.json"
done

# All load comes from one address: the anonymous rate limit at its highest (100,000 a minute,
# above this run's rate), so every request passes the limiter and none is refused.
PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE=100000 PADVINDER_LOG=warn target/release/padvinder --data paths --index "$work/index" --store "$work/store" \
  serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -sf "$base/readyz" >/dev/null && break
  sleep 0.2
done
curl -sf "$base/readyz" >/dev/null || { cat "$work/server.log"; echo "server did not start"; exit 1; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }
files() { ls "/proc/$server/fd" | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$server/status"; }
sample() {
  printf '%-8s %8s MB %6s files %4s threads  reloads %s\n' "$1" \
    "$(awk -v kb="$(rss_kb)" 'BEGIN {printf "%.1f", kb / 1024}')" "$(files)" "$(threads)" "$reloads"
}

reloads=0
echo "== $(date -u +%FT%TZ) soak: ${secs}s, search 8 + match 4 keep-alive connections, SIGHUP every ${reload_every}s"
echo "== machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); server pid $server"
# A little traffic first, so the start figures are of a server that has answered.
for q in monteur elektricien; do curl -sf "$base/api/v1/search?q=$q" >/dev/null; done
sample start

wrk -t1 -c8 -d"${secs}s" --latency -s benches/load/search.lua "$base" >"$work/search.txt" 2>&1 &
pids+=($!)
(cd "$work/personas" && wrk -t1 -c4 -d"${secs}s" --latency -s "$OLDPWD/benches/load/match.lua" "$base") \
  >"$work/match.txt" 2>&1 &
pids+=($!)

started=$(date +%s)
next_sample=$((started + 60))
while :; do
  now=$(date +%s)
  [ $((now - started)) -ge "$secs" ] && break
  sleep "$reload_every"
  kill -HUP "$server"
  reloads=$((reloads + 1))
  now=$(date +%s)
  if [ "$now" -ge "$next_sample" ]; then
    sample "$(( (now - started) / 60 )) min"
    next_sample=$((next_sample + 60))
  fi
done
for p in "${pids[@]}"; do wait "$p" || true; done
pids=()
sleep 2
sample end

echo "== search (wrk)"
grep -E "requests in|Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" "$work/search.txt" || true
echo "== match (wrk)"
grep -E "requests in|Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" "$work/match.txt" || true
echo "== reloads: $reloads signalled; warnings and errors the server logged (refused or failed reloads among them): $(grep -ciE 'warn|error|panic' "$work/server.log" || true)"
grep -iE "warn|error|panic" "$work/server.log" | head -5 || true
echo "== /readyz: $(curl -s "$base/readyz")"
kill -0 "$server" && echo "== the server is still up" || { echo "== the server died"; exit 1; }
