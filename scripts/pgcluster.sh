#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for the sync tests: in a temporary
# folder, on a unix socket only, as an unprivileged user (PostgreSQL will
# not run as root). Prints the exports that point the tests at it:
#   eval "$(scripts/pgcluster.sh start)"   ...   scripts/pgcluster.sh stop DIR
# The superuser tally_admin connects without a password; every other role
# needs its password (scram-sha-256), as on a real hub.
set -euo pipefail
case "${1:-}" in
start)
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "no PostgreSQL server here: apt-get install postgresql" >&2; exit 1; }
  dir=$(mktemp -d /tmp/tally-pg.XXXXXX)
  run=()
  if [ "$(id -u)" = 0 ]; then
    chown nobody "$dir"
    run=(runuser -u nobody --)
  fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U tally_admin --auth-local=trust --auth-host=reject -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  cat >"$dir/data/pg_hba.conf" <<'HBA'
local all tally_admin trust
local all all scram-sha-256
HBA
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -c listen_addresses= -c max_connections=200 -c fsync=off" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  # Cluster-wide, so made once here rather than by tests running at once.
  "$bin/psql" -q -h "$dir" -U tally_admin -d postgres -c "CREATE ROLE tally_manager NOLOGIN"
  echo "export TALLY_TEST_PG=$dir"
  ;;
stop)
  dir=${2:?which cluster folder}
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u nobody --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
