#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and the benchmark, from Debian's packages
# (scripts/deps.sh --test installs them). It lives in a fresh temporary directory, listens
# on 127.0.0.1 at a free port and on a Unix socket in that directory, and is never the
# machine's own cluster.
#
#   pg_server.sh start STATE_DIR [-c name=value]...   initdb and start; writes STATE_DIR/server.env
#   pg_server.sh crash STATE_DIR     stop at once (pg_ctl stop -m immediate), keep the data
#   pg_server.sh restart STATE_DIR   start the same data directory again, same port
#   pg_server.sh stop STATE_DIR      stop at once and remove the temporary directory
#
# server.env holds shell assignments: PG_URL (postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres),
# PG_HOST, PG_PORT, PG_PASSWORD, PG_BIN, PG_DIR, PG_PID. The superuser `postgres` needs
# its password over TCP (scram-sha-256); the Unix socket trusts it.
#
# initdb and postgres refuse to run as root: as root, the server runs as the
# unprivileged user ECOMSIM_PG_OS_USER (default nobody), which owns the temporary
# directory, made under ECOMSIM_PG_TMPDIR (default /tmp). Exits non-zero with a message
# naming what is missing if the server binaries are not installed: the tests fail, they
# do not skip.
set -euo pipefail

die() { echo "pg_server.sh: $*" >&2; exit 1; }

find_bin() {
  local d
  for d in ${PG_BIN:-} /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then echo "$d"; return; fi
  done
  die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found under /usr/lib/postgresql/*/bin; install them with: bash scripts/deps.sh --test"
}

# Runs a command as the server's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$os_user" -- "$@"
  else
    "$@"
  fi
}

# Starts the server in $PG_DIR/data on $PG_PORT; returns non-zero if it did not come up.
pg_start() {
  as_owner "$PG_BIN/pg_ctl" start -w -t 60 -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
    -o "-k $PG_DIR -h 127.0.0.1 -p $PG_PORT $server_options" >/dev/null 2>&1
}

write_env() {
  local pid
  pid=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  {
    printf 'PG_BIN=%q\nPG_DIR=%q\nPG_HOST=127.0.0.1\nPG_PORT=%q\nPG_PASSWORD=%q\n' \
      "$PG_BIN" "$PG_DIR" "$PG_PORT" "$PG_PASSWORD"
    printf 'PG_URL=%q\nPG_PID=%q\nPG_OS_USER=%q\nPG_OPTIONS=%q\n' \
      "postgresql://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres" "$pid" "$os_user" \
      "$server_options"
  } >"$state/server.env"
}

# Stops the server by the pid in its postmaster.pid: pg_ctl stop -m immediate, then
# SIGKILL if it is still there.
pg_stop() {
  [[ -f "$PG_DIR/data/postmaster.pid" ]] || return 0
  local pid
  pid=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m immediate -w -t 30 >/dev/null 2>&1 || true
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
}

cmd="${1:-}"
state="${2:-}"
[[ -n "$cmd" && -n "$state" ]] || die "usage: pg_server.sh start|crash|restart|stop STATE_DIR [-c name=value]..."
shift 2
os_user="${ECOMSIM_PG_OS_USER:-nobody}"

case "$cmd" in
  start)
    PG_BIN=$(find_bin)
    server_options="$*"
    mkdir -p "$state"
    if [[ -f "$state/server.env" ]]; then
      # A server left by an earlier run that was not stopped: stop it first.
      "$0" stop "$state" || true
    fi
    # Not TMPDIR: it may be a directory the unprivileged user cannot enter.
    PG_DIR=$(mktemp -d "${ECOMSIM_PG_TMPDIR:-/tmp}/ecomsim-pg-XXXXXX")
    chmod 700 "$PG_DIR"
    if [[ $(id -u) -eq 0 ]]; then chown "$os_user" "$PG_DIR"; fi
    PG_PASSWORD="pw$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
    printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pwfile"
    if [[ $(id -u) -eq 0 ]]; then chown "$os_user" "$PG_DIR/pwfile"; fi
    if ! as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
        >"$PG_DIR/initdb.log" 2>&1; then
      cat "$PG_DIR/initdb.log" >&2
      rm -rf "$PG_DIR"
      die "initdb failed"
    fi
    rm -f "$PG_DIR/pwfile"
    started=0
    for _ in $(seq 1 20); do
      PG_PORT=$((20000 + RANDOM % 30000))
      if pg_start; then started=1; break; fi
      if ! grep -q -e "could not bind" -e "already in use" "$PG_DIR/server.log" 2>/dev/null; then break; fi
    done
    if [[ $started -ne 1 ]]; then
      cat "$PG_DIR/server.log" >&2 || true
      pg_stop
      rm -rf "$PG_DIR"
      die "the server did not start"
    fi
    write_env
    echo "pg_server.sh: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, data in $PG_DIR"
    ;;
  crash|restart|stop)
    [[ -f "$state/server.env" ]] || { [[ "$cmd" == stop ]] && exit 0; die "no server in $state"; }
    # shellcheck disable=SC1091
    source "$state/server.env"
    os_user="$PG_OS_USER"
    server_options="$PG_OPTIONS"
    case "$cmd" in
      crash) pg_stop ;;
      restart)
        pg_start || { cat "$PG_DIR/server.log" >&2; die "the server did not restart"; }
        write_env
        ;;
      stop)
        pg_stop
        rm -rf "$PG_DIR"
        rm -f "$state/server.env"
        ;;
    esac
    ;;
  *) die "unknown command '$cmd' (start, crash, restart or stop)" ;;
esac
