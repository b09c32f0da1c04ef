#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for the sync tests: in a temporary
# folder, on a unix socket there and on 127.0.0.1 with TLS, as an
# unprivileged user (PostgreSQL will not run as root). Prints the exports
# that point the tests at it:
#   eval "$(scripts/pgcluster.sh start)"   ...   scripts/pgcluster.sh stop DIR
# halt DIR stops the server at once, as a crash would, keeping its folder;
# resume DIR starts it again (the test of a hub stopped mid-sync).
# The superuser tally_admin connects without a password on the socket;
# every other role needs its password (scram-sha-256), as on a real hub,
# and reaches it on 127.0.0.1 only with TLS (ca.crt in the folder).
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
  # TLS on loopback, for sslmode=verify-full: a CA of the cluster's own
  # signs a certificate for localhost and 127.0.0.1.
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=tally-test-ca -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout data/server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out data/server.crt 2>/dev/null
    chmod 600 data/server.key
    [ "$(id -u)" = 0 ] && chown nobody data/server.key data/server.crt
  ) || { echo "could not make the test cluster's certificates" >&2; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((40000 + RANDOM % 20000)))
  cat >"$dir/data/pg_hba.conf" <<'HBA'
local all tally_admin trust
local all all scram-sha-256
hostssl all all 127.0.0.1/32 scram-sha-256
HBA
  echo "-k $dir -p $port -c listen_addresses=127.0.0.1 -c ssl=on -c max_connections=200 -c fsync=off" >"$dir/options"
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "export TALLY_TEST_PG=$dir TALLY_TEST_PG_PORT=$port"
  ;;
stop | halt | resume)
  dir=${2:?which cluster folder}
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u nobody --)
  if [ "$1" = resume ]; then
    "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null
    exit
  fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  if [ "$1" = stop ]; then rm -rf "$dir"; fi
  ;;
*)
  echo "usage: $0 start | stop DIR | halt DIR | resume DIR" >&2
  exit 2
  ;;
esac
