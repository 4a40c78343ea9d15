#!/usr/bin/env bash
# Two builds of the server side by side on one machine: each in turn serves DATA on 127.0.0.1
# and gets wrk's search load (benches/load/search.lua) at 8 and 32 connections; alternating,
# ROUNDS times, so both see the same conditions. Prints p50, p99 and requests per second per run,
# with the load average and the server's resident memory after start. Needs wrk.
# All load comes from one address: the servers run with the anonymous rate limit off (a build
# from before the limit ignores the setting), and a run with any non-2xx answer stops the script.
# Usage: bash benches/load/compare.sh OLD_BINARY NEW_BINARY DATA INDEX [seconds] [rounds] [port]
set -euo pipefail
cd "$(dirname "$0")/../.."
old=$1; new=$2; data=$3; index=$4; secs=${5:-10}; rounds=${6:-2}; port=${7:-8734}
base="http://127.0.0.1:$port"
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 "$rounds"); do
  for bin in "$old" "$new"; do
    PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE=0 PADVINDER_LOG=warn \
      "$bin" --data "$data" --index "$index" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
    server=$!
    for _ in $(seq 1 1500); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.2; done
    curl -sf "$base/readyz" >/dev/null || { echo "$bin did not get ready on $base" >&2; exit 1; }
    for q in elektricien monteur elektr; do curl -s -o /dev/null "$base/api/v1/search?q=$q"; done
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
    for c in 8 32; do
      out=$(wrk -t2 -c"$c" -d"${secs}s" --latency -s benches/load/search.lua "$base")
      if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "$bin: non-2xx answers" >&2; exit 1; fi
      result=$(grep -E 'Requests/sec|^ +(50|99)%' <<<"$out" | tr -s ' ' | tr '\n' ' ')
      echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg) $bin c=$c RSS ${rss} kB: $result"
    done
    kill "$server"; wait "$server" 2>/dev/null || true
    server=
  done
done
