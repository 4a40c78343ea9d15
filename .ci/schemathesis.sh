#!/usr/bin/env bash
# API fuzzing from the OpenAPI document (issue 13, part 8): Schemathesis against a release
# server on a free 127.0.0.1 port. Every operation is fuzzed with a bounded number of examples
# per phase; every check is on: no 5xx, every status, content type and body as documented,
# schema-valid requests accepted and schema-invalid ones refused. Two runs:
#   1. anonymous: every operation without a session (the job seeker API, operations, the admin
#      reload with its token, login, and the workspace routes' 401 answers);
#   2. a logged-in admin: the workspace routes with the session cookie and CSRF token (all but
#      DELETE /api/v1/session, which would end the session the run uses).
# Settings: .ci/schemathesis.toml; the one extra check: .ci/schemathesis_hooks.py.
# Environment: PADVINDER_BIN (default target/release/padvinder), SCHEMATHESIS_SEED, ST_EXAMPLES.
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
BIN=${PADVINDER_BIN:-target/release/padvinder}
SEED=${SCHEMATHESIS_SEED:-20261203}
EXAMPLES=${ST_EXAMPLES:-60}

# A venv of its own (the machine's Python may be managed by Debian), kept under target/ so a
# second run on the same machine does not download again.
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q "$ST_VERSION"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi
"$venv/bin/schemathesis" --version

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
admin_token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
email=fuzz@ci.example
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')

printf '%s' "$password" | "$BIN" --store "$work/store" users add --org ci-fuzz --email "$email" \
  --name "CI fuzz" --role admin >/dev/null
# The fuzzer sends thousands of requests from one address within minutes: the anonymous rate
# limit at its highest, so requests still pass the limiter but are not refused 429 (the limits
# have their own tests in tests/api/access.rs).
PADVINDER_ANONYMOUS_RATE_LIMIT_PER_MINUTE=100000 \
  "$BIN" --data paths --index "$work/index" --store "$work/store" \
  serve --log-level warn --addr "127.0.0.1:$port" --admin-token "$admin_token" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do
  if curl -fsS "$base/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log"; echo "server died"; exit 1; fi
  sleep 0.5
done
curl -fsS "$base/readyz"; echo

# The session for the second run: cookie and CSRF token from a real login.
csrf=$(curl -fsS -c "$work/cookies" -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/v1/session" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])')
cookie=$(awk '$6 == "padvinder_session" { print $6 "=" $7 }' "$work/cookies")
[ -n "$cookie" ] || { echo "login gave no session cookie"; exit 1; }

# From the scratch folder, so that Schemathesis and Hypothesis write nothing into the checkout.
root=$(pwd)
run() {
  (cd "$work" && SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$root/.ci" \
    ADMIN_TOKEN="$admin_token" "$root/$venv/bin/schemathesis" \
    --config-file "$root/.ci/schemathesis.toml" run "$base/api/openapi.json" \
    --url "$base" --checks all --max-examples "$EXAMPLES" --seed "$SEED" \
    --generation-database none --no-color "$@")
}

status=0
echo "== run 1: anonymous, every operation"
run || status=1
echo "== run 2: logged in, the workspace routes"
run --include-tag workspace --exclude-name "DELETE /api/v1/session" \
  -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" || status=1

if ! kill -0 "$server" 2>/dev/null; then echo "the server died during the run"; status=1; fi
if grep -E '"level":"ERROR"|ERROR|panicked' "$work/server.log" >/dev/null; then
  echo "the server logged errors:"; grep -E 'ERROR|panicked' "$work/server.log" | head -20; status=1
fi
exit $status
