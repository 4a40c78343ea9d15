#!/usr/bin/env bash
# Load test against 127.0.0.1 only, bounded in time: search and match with wrk, and the
# start page's size. Needs: target/release/padvinder (cargo build --release), wrk (apt-get
# install -y wrk), python3. Usage: bash benches/load/run.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-15}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
index=$(mktemp -d)
personas=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$index" "$personas"' EXIT

# wrk's Lua reads plain profile files: extract the "profile" object of each persona.
mkdir -p "$personas/tests/personas"
for f in tests/personas/*.json; do
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["profile"]))' "$f" \
    > "$personas/tests/personas/$(basename "$f" .json).profile.json"
done

# All load comes from one address, faster than any per-address limit allows: the anonymous rate
# limit off, so the figures are throughput, not 429s.
PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE=0 PADVINDER_LOG=warn target/release/padvinder --data paths --index "$index" serve --addr "127.0.0.1:$port" &
server=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.2
done
base="http://127.0.0.1:$port"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; server and wrk share them"
echo "== search: wrk -t2 -c32 -d${secs}s"
wrk -t2 -c32 -d"${secs}s" --latency -s benches/load/search.lua "$base" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
echo "== match: wrk -t2 -c8 -d${secs}s (from the personas folder)"
(cd "$personas" && wrk -t2 -c8 -d"${secs}s" --latency -s "$OLDPWD/benches/load/match.lua" "$base") | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
echo "== start page: bytes transferred (gzip accepted)"
total=0
for path in / $(curl -s "$base/" | grep -oE '(href|src)="[^"#]+"' | sed -E 's/^(href|src)="//; s/"$//' | grep -v '^http' ); do
  size=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base/${path#/}")
  echo "   $path $size"
  total=$((total + size))
done
echo "   total (HTML + directly linked assets; modules imported by JS are counted by the browser test) $total bytes"
