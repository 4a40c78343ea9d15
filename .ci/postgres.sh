# Sourced by .ci/run: a throwaway PostgreSQL cluster for the store tests (the postgres:: variants
# of tests/store.rs and tests/workspace.rs). Installs Debian's postgresql when it is missing,
# starts a cluster in a temporary folder as the `postgres` user (PostgreSQL refuses to run as
# root), listening on a Unix socket in that folder only (no TCP port to collide with), and stops
# and removes it when the sourcing shell exits. Exports PADVINDER_TEST_POSTGRES and
# PADVINDER_REQUIRE_POSTGRES=1, so a store test that could not reach PostgreSQL fails instead of
# being skipped.

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/padvinder-ci-pg.XXXXXX)
chown postgres "$PG_DIR"
stop_postgres() {
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
su postgres -s /bin/sh -c "$PG_BIN/initdb -D $PG_DIR/data -A trust -U postgres --no-sync" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w \
  -o \"-c listen_addresses='' -k $PG_DIR\" start" >/dev/null
"$PG_BIN/postgres" --version
# The socket folder as the URL's host, percent-encoded.
export PADVINDER_TEST_POSTGRES="postgres://postgres@${PG_DIR//\//%2F}/postgres"
export PADVINDER_REQUIRE_POSTGRES=1
