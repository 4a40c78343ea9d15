#!/usr/bin/env bash
# Workspace writes and reads on sled and on PostgreSQL (issue 14), through the release server as a
# counsellor's browser sends them, so each figure is what one store call costs with HTTP around
# it: create_client (POST /api/v1/clients: the client and its audit entry), put_plan (PATCH
# /api/v1/plans/{id}: the plan rewritten and its audit entry) and authenticate + read (GET
# /api/v1/clients/{id}: the session and the user read, then the client). Every write is flushed
# (sled) or committed (PostgreSQL) before its answer. wrk -t2 -c8.
# PostgreSQL: PADVINDER_BENCH_POSTGRES (a user that may create databases; a fresh database is made
# and dropped), else Debian's PostgreSQL started in a temporary folder as .ci/postgres.sh does
# (default settings: fsync and synchronous_commit on; needs root for `su postgres`).
# Needs: target/release/padvinder (cargo build --release), wrk, curl, python3, psql.
# Prints a Markdown table; about 1.5 minutes with the default.
# Usage: bash benches/load/store.sh [seconds per run, default 8]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-8}"
work=$(mktemp -d)
server=""
database=""
stop_all() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$database" ]; then psql -q "$PADVINDER_BENCH_POSTGRES" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true; fi
  rm -rf "$work"
}
if [ -z "${PADVINDER_BENCH_POSTGRES:-}" ]; then
  # shellcheck source=../../.ci/postgres.sh
  source .ci/postgres.sh
  export PADVINDER_BENCH_POSTGRES="$PADVINDER_TEST_POSTGRES"
  trap 'stop_all; stop_postgres' EXIT
else
  trap stop_all EXIT
fi
password="correct horse battery staple"
target/release/padvinder --data paths --index "$work/index" index >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

# "req/s p50 p99" of one wrk run of workspace.lua.
run_wrk() {
  local out
  out=$(METHOD=$1 URL_PATH=$2 BODY=${3:-} wrk -t2 -c8 -d"${secs}s" --latency -s benches/load/workspace.lua "$base")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers for $1 $2:" >&2; echo "$out" >&2; exit 1; fi
  printf '%s | %s | %s' "$(awk '/Requests\/sec/{printf "%.0f", $2}' <<<"$out")" \
    "$(awk '$1=="50%"{print $2}' <<<"$out")" "$(awk '$1=="99%"{print $2}' <<<"$out")"
}

rows=()
bench_store() {
  local name=$1 store=$2
  printf '%s\n' "$password" | target/release/padvinder --data paths --index "$work/index" --store "$store" \
    users add --org gemeente-bench --email bench@example.nl --name Bench >/dev/null
  PADVINDER_LOG=warn target/release/padvinder --data paths --index "$work/index" --store "$store" \
    serve --addr "127.0.0.1:$port" >/dev/null &
  server=$!
  for _ in $(seq 1 150); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.2; done
  curl -s -D "$work/headers" -o "$work/login.json" -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench@example.nl\",\"password\":\"$password\"}" "$base/api/v1/session"
  COOKIE=$(grep -i '^set-cookie:' "$work/headers" | head -1 | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
  CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")
  export COOKIE CSRF
  local client_body='{"display_name":"Bench","profile":{"current_occupation":"heftruckchauffeur","postcode":"1311"},"consent":{"given_on":"2026-11-30","scope":"profiel en plannen bewaren"}}'
  local client plan
  client=$(curl -sf -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    -d "$client_body" "$base/api/v1/clients" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  plan=$(curl -sf -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    -d '{"target":"timmerman"}' "$base/api/v1/clients/$client/plans" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  rows+=("| $name | create_client (POST /api/v1/clients) | $(run_wrk POST /api/v1/clients "$client_body") |")
  rows+=("| $name | put_plan (PATCH /api/v1/plans/{id}) | $(run_wrk PATCH "/api/v1/plans/$plan" '{"review_on":"2027-01-15"}') |")
  rows+=("| $name | authenticate + read (GET /api/v1/clients/{id}) | $(run_wrk GET "/api/v1/clients/$client") |")
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; wrk -t2 -c8, ${secs} s a run"
bench_store sled "$work/store"
database="padvinder_bench_$$"
psql -q "$PADVINDER_BENCH_POSTGRES" -c "CREATE DATABASE $database"
pg_url=$(python3 -c 'import sys; u=sys.argv[1]; b,_,q=u.partition("?"); s=b.find("://")+3; e=b.find("/",s); e=len(b) if e<0 else e; print(b[:e]+"/"+sys.argv[2]+("?"+q if q else ""))' "$PADVINDER_BENCH_POSTGRES" "$database")
bench_store PostgreSQL "$pg_url"
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
echo "| store | call | req/s | p50 | p99 |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
