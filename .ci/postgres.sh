#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and development, on loopback only.
#
#   bash .ci/postgres.sh up     start one (installing Debian's postgresql if the machine has
#                               none) and print  DATABASE_URL=postgresql://lingqian@127.0.0.1:PORT/lingqian
#   bash .ci/postgres.sh url    print the URL of the running one
#   bash .ci/postgres.sh down   stop it and delete its data
#
# Environment: LINGQIAN_PG_PORT (a fixed port; by default the first free one from 54329 up),
# LINGQIAN_PG_HOME (where the cluster, its socket and its log live; default /tmp/lingqian-pg).
# Only the DATABASE_URL line goes to stdout, so `export "$(bash .ci/postgres.sh up)"` works.
set -euo pipefail

home=${LINGQIAN_PG_HOME:-/tmp/lingqian-pg}
data=$home/data
marker=$home/.lingqian-pg
role=lingqian
database=lingqian

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
  local dir
  # Debian keeps each major version's server programs outside PATH; take the newest.
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r d; do [ -x "$d/initdb" ] && echo "$d"; done | tail -n 1)
  if [ -z "$dir" ] && command -v initdb >/dev/null 2>&1; then dir=$(dirname "$(command -v initdb)"); fi
  echo "$dir"
}

# The server refuses to run as root, so as root every server program runs as `postgres`.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

url_for() { echo "postgresql://$role@127.0.0.1:$1/$database"; }

running() { [ -f "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1; }

install_postgres() {
  # Guarded on purpose: after `apt-get update`, installing a package that is already there
  # would upgrade it (and whatever it depends on) in the middle of a CI run.
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 \
    || die "no PostgreSQL server programs (initdb) found; install PostgreSQL first"
  say "installing Debian's postgresql"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
}

cmd_up() {
  bindir=$(find_bindir)
  if [ -z "$bindir" ]; then
    install_postgres
    bindir=$(find_bindir)
    [ -n "$bindir" ] || die "postgresql installed, but no initdb found"
  fi

  if running; then
    port=$(cat "$home/port")
    if [ -n "${LINGQIAN_PG_PORT:-}" ] && [ "$LINGQIAN_PG_PORT" != "$port" ]; then
      say "already running on port $port (not $LINGQIAN_PG_PORT); run down first to move it"
    fi
    echo "DATABASE_URL=$(url_for "$port")"
    return
  fi

  if [ -e "$home" ]; then
    # Never delete a folder this script did not make (a mistyped LINGQIAN_PG_HOME).
    [ -f "$marker" ] || die "$home exists and was not made by this script; choose another LINGQIAN_PG_HOME"
    say "discarding a stopped cluster in $home"
    rm -rf "$home"
  fi

  if [ -n "${LINGQIAN_PG_PORT:-}" ]; then
    port=$LINGQIAN_PG_PORT
    ! port_in_use "$port" || die "port $port is in use"
  else
    port=54329
    while port_in_use "$port"; do
      port=$((port + 1))
      [ "$port" -lt 54429 ] || die "no free port in 54329-54428"
    done
  fi

  mkdir -p "$home"
  chmod 700 "$home"
  touch "$marker"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres user to run the server as"
    chown -R postgres: "$home"
    runuser -u postgres -- test -x "$home" || die "$home is not reachable by the postgres user (not under /root)"
  fi

  # Trust on loopback only: nothing listens anywhere else, and tests need no password.
  as_owner "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$home/initdb.log" 2>&1 \
    || { cat "$home/initdb.log" >&2; die "initdb failed"; }
  # fsync and synchronous_commit stay on: the money tests must see real commit costs.
  cat >>"$data/postgresql.conf" <<EOF

# lingqian throwaway server
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$home'
max_connections = 200
shared_buffers = 128MB
EOF
  echo "$port" >"$home/port"

  if ! as_owner "$bindir/pg_ctl" start -w -t 60 -D "$data" -l "$home/postgres.log" >/dev/null; then
    tail -n 30 "$home/postgres.log" >&2 || true
    die "the server did not start"
  fi

  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres >&2 <<EOF
CREATE ROLE $role LOGIN CREATEDB;
CREATE DATABASE $database OWNER $role;
EOF
  say "running on port $port, data in $data"
  echo "DATABASE_URL=$(url_for "$port")"
}

cmd_url() {
  bindir=$(find_bindir)
  [ -n "$bindir" ] && running || die "not running (bash .ci/postgres.sh up)"
  url_for "$(cat "$home/port")"
}

cmd_down() {
  [ -e "$home" ] || return 0
  [ -f "$marker" ] || die "$home was not made by this script; leaving it alone"
  bindir=$(find_bindir)
  if [ -n "$bindir" ] && running; then
    as_owner "$bindir/pg_ctl" stop -D "$data" -m fast -w >/dev/null
  fi
  rm -rf "$home"
  say "stopped and removed $home"
}

case "${1:-}" in
  up) cmd_up ;;
  url) cmd_url ;;
  down) cmd_down ;;
  *) echo "usage: bash .ci/postgres.sh up|url|down" >&2; exit 2 ;;
esac
