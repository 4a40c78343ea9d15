#!/usr/bin/env bash
# Real-browser tests of the web app (web/tests/browser/*.test.mjs).
#
# Builds nothing: expects target/release/padvinder (cargo build --release) and Debian's
# Chromium at /usr/bin/chromium (apt-get install -y chromium), or CHROMIUM=/path. Installs the
# two pinned npm packages (playwright-core, axe-core) from package-lock.json when they are
# missing; neither downloads a browser. Starts the server on a free loopback port with a fresh
# index folder and a config file whose one tenant lists the embed test's host page (another
# free loopback port, in PADVINDER_EMBED_HOST_PORT), waits for /readyz, runs `node --test`, and
# always stops the server.
# Exit code: the tests' (2 when something needed is missing or the server does not start).
# Screenshots, the PDF and the server log go to test-output/ at the repository root.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
BIN="$ROOT/target/release/padvinder"
TESTS="$ROOT/web/tests/browser"
OUT="$ROOT/test-output"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$BIN" ]; then
  echo "run-browser-tests: $BIN is missing; run 'cargo build --release' first" >&2
  exit 2
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "run-browser-tests: no Chromium at $CHROMIUM; run 'apt-get install -y chromium'" >&2
  exit 2
fi
if ! command -v node >/dev/null 2>&1; then
  echo "run-browser-tests: node is missing (Node 20 or newer)" >&2
  exit 2
fi
if [ ! -f "$TESTS/node_modules/playwright-core/package.json" ] || [ ! -f "$TESTS/node_modules/axe-core/axe.min.js" ]; then
  echo "run-browser-tests: installing the pinned npm packages (npm ci)"
  (cd "$TESTS" && timeout 300 npm ci --ignore-scripts --no-audit --no-fund) || { echo "run-browser-tests: npm ci failed" >&2; exit 2; }
fi

mkdir -p "$OUT"
INDEX=$(mktemp -d "${TMPDIR:-/tmp}/padvinder-browser-index.XXXXXX")
# The counsellor workspace's store: werkplek.test.mjs adds its counsellors to it with
# `padvinder users add` (sent to the running server over the store's control socket).
STORE=$(mktemp -d "${TMPDIR:-/tmp}/padvinder-browser-store.XXXXXX")
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
URL="http://127.0.0.1:$PORT"
HOST_PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
CONFIG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/padvinder-browser-config.XXXXXX")
CONFIG="$CONFIG_DIR/padvinder.toml"
node --input-type=module -e "const m = await import(process.argv[1]); process.stdout.write(m.embedConfig(process.argv[2]));" \
  "$TESTS/lib/embed-config.mjs" "$HOST_PORT" >"$CONFIG" || { echo "run-browser-tests: cannot write the test config" >&2; exit 2; }
LOG="$OUT/server.log"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$INDEX" "$STORE" "$CONFIG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "run-browser-tests: starting padvinder on $URL (log: test-output/server.log)"
"$BIN" --config "$CONFIG" --data paths --index "$INDEX" --store "$STORE/store" serve --addr "127.0.0.1:$PORT" >"$LOG" 2>&1 &
SERVER_PID=$!

# /readyz answers 200 once the catalogue is loaded and the index (built at start) answers.
ready=0
for _ in $(seq 1 240); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "run-browser-tests: padvinder exited before it was ready; its log:" >&2
    tail -n 40 "$LOG" >&2
    exit 2
  fi
  if node -e "fetch(process.argv[1],{signal:AbortSignal.timeout(2000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$URL/readyz"; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ "$ready" != 1 ]; then
  echo "run-browser-tests: padvinder was not ready within 120 s; its log:" >&2
  tail -n 40 "$LOG" >&2
  exit 2
fi

echo "run-browser-tests: running node --test in web/tests/browser"
(
  cd "$TESTS" && PADVINDER_URL="$URL" PADVINDER_EMBED_HOST_PORT="$HOST_PORT" PADVINDER_STORE="$STORE/store" timeout --kill-after=15 420 \
    node --test --test-concurrency=1 --test-timeout=150000
)
status=$?
if [ "$status" = 124 ]; then echo "run-browser-tests: the browser tests took longer than 7 minutes and were stopped" >&2; fi
exit "$status"
