#!/usr/bin/env bash
# Search and match throughput with one and with two padvinder instances behind nginx on this
# machine (issue 14), and one instance without nginx as the reference. nginx serves
# docs/examples/nginx-padvinder.conf (the operators' file) with this script's ports, 2 worker
# processes, no access log. Each instance has a sled store folder of its own: search and match
# read no store. Instances, nginx and wrk share this machine's cores, so two instances can only
# show what a second process gains on the same cores, not what a second machine would.
# Needs: target/release/padvinder (cargo build --release), wrk, nginx (/usr/sbin/nginx), python3.
# Prints a Markdown table; about 2 minutes with the default.
# Usage: bash benches/load/instances.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-15}"
nginx=${PADVINDER_BENCH_NGINX:-/usr/sbin/nginx}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
chmod 755 "$work"
pids=()
stop_all() {
  if [ -f "$work/nginx/nginx.pid" ]; then kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT

# wrk's Lua reads plain profile files: the "profile" object of each persona (as run.sh does).
mkdir -p "$work/personas/tests/personas"
for f in tests/personas/*.json; do
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["profile"]))' "$f" \
    > "$work/personas/tests/personas/$(basename "$f" .json).profile.json"
done

# The index once; both instances read it.
target/release/padvinder --data paths --index "$work/index" index >/dev/null
ports=()
for i in 1 2; do
  port=$(free_port)
  ports+=("$port")
  PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE=0 PADVINDER_LOG=warn target/release/padvinder \
    --data paths --index "$work/index" --store "$work/store$i" serve --addr "127.0.0.1:$port" \
    >/dev/null &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "instance on $port did not start"; exit 1; }
done

# nginx in front of `count` instances, listening on a port of its own.
start_nginx() {
  local count=$1 listen
  listen=$(free_port)
  rm -rf "$work/nginx"
  mkdir -p "$work/nginx"
  chmod 755 "$work/nginx"
  local site
  site=$(cat docs/examples/nginx-padvinder.conf)
  if [ "$count" = 1 ]; then site=$(printf '%s\n' "$site" | sed '/server 127.0.0.1:8082 /d'); fi
  site=${site//127.0.0.1:8081/127.0.0.1:${ports[0]}}
  site=${site//127.0.0.1:8082/127.0.0.1:${ports[1]}}
  site=${site//127.0.0.1:8080/127.0.0.1:$listen}
  local p="$work/nginx"
  cat > "$p/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $p/nginx.pid;
error_log $p/error.log warn;
events { worker_connections 1024; }
http {
access_log off;
client_body_temp_path $p/body; proxy_temp_path $p/proxy; fastcgi_temp_path $p/fastcgi;
uwsgi_temp_path $p/uwsgi; scgi_temp_path $p/scgi;
$site
}
CONF
  "$nginx" -p "$p" -c "$p/nginx.conf" -e "$p/error.log" &
  for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$listen/healthz" >/dev/null && break
    sleep 0.1
  done
  base="http://127.0.0.1:$listen"
}
stop_nginx() {
  kill "$(cat "$work/nginx/nginx.pid")"
  while [ -f "$work/nginx/nginx.pid" ]; do sleep 0.1; done
}

# "req/s p99" of one wrk run: search (32 connections) or match (8, from the personas folder).
run_wrk() {
  local what=$1 base=$2 out
  if [ "$what" = search ]; then
    out=$(wrk -t2 -c32 -d"${secs}s" --latency -s benches/load/search.lua "$base")
  else
    out=$(cd "$work/personas" && wrk -t2 -c8 -d"${secs}s" --latency -s "$OLDPWD/benches/load/match.lua" "$base")
  fi
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers in $what:"; echo "$out"; exit 1; fi
  printf '%s %s' "$(awk '/Requests\/sec/{printf "%.0f", $2}' <<<"$out")" "$(awk '$1=="99%"{print $2}' <<<"$out")"
}

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; wrk -t2, ${secs} s a run"
rows=()
row() { rows+=("| $1 | $(run_wrk search "$2" | awk '{print $1" | "$2}') | $(run_wrk match "$2" | awk '{print $1" | "$2}') |"); }
row "1 instance, no proxy" "http://127.0.0.1:${ports[0]}"
start_nginx 1; row "1 instance behind nginx" "$base"; stop_nginx
start_nginx 2; row "2 instances behind nginx" "$base"; stop_nginx
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
echo "| setup | search req/s (32 conn.) | search p99 | match req/s (8 conn.) | match p99 |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
