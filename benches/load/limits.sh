#!/usr/bin/env bash
# The cost of the rate limiter (issue 12 §5: at most 10 % of search throughput), in one run:
# two release servers on 127.0.0.1, one with the anonymous limit off, one with the default
# (240 a minute per address), searched in turns with the same wrk load from 50,000 client
# addresses (search_clients.lua), so the limiter counts every request and refuses none.
# Needs: target/release/padvinder, wrk, python3.
# Usage: bash benches/load/limits.sh [seconds per run, default 10] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-10}"
rounds="${2:-3}"
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # name, limit; sets url
  local port; port=$(free_port)
  PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE="$2" PADVINDER_LOG=warn target/release/padvinder \
    --data paths --index "$work/index-$1" --store "$work/store-$1" \
    serve --addr "127.0.0.1:$port" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/$1.log"; exit 1; }
  url="http://127.0.0.1:$port"
}
start off 0; off=$url
start on 240; on=$url
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); servers and wrk share them"
run() { # url -> requests/sec (exits on any non-2xx)
  local out; out=$(wrk -t2 -c32 -d"${secs}s" -s benches/load/search_clients.lua "$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "non-2xx answers: the limiter refused" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
results=()
for r in $(seq 1 "$rounds"); do
  a=$(run "$off"); b=$(run "$on")
  echo "round $r: limit off $a req/s, limit on $b req/s"
  results+=("$a" "$b")
done
python3 - "${results[@]}" <<'PY'
import statistics, sys
v = [float(x) for x in sys.argv[1:]]
off, on = v[0::2], v[1::2]
mo, mn = statistics.median(off), statistics.median(on)
print(f"median: limit off {mo:.0f} req/s, limit on {mn:.0f} req/s: the limiter costs {100 * (mo - mn) / mo:.1f} %")
PY
