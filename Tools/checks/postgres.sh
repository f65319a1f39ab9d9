#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: `start DIR` makes one in DIR (initdb as user postgres, a free
# port on 127.0.0.1, a database named chaindesk) and prints its URL; `stop DIR` stops it and removes DIR.
#
#   url="$(bash Tools/checks/postgres.sh start /tmp/chaindesk-pg)"
#   CHAINDESK_TEST_POSTGRES="$url" swift test
#   bash Tools/checks/postgres.sh stop /tmp/chaindesk-pg
#
# The cluster trusts connections from 127.0.0.1 (it lives as long as one run, and holds only test data). It must run
# as root (CI does) or as postgres.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
command="${1:-}"
dir="${2:-}"
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 64; }
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is not installed: apt-get install postgresql-15" >&2; exit 69; }

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

case "$command" in
start)
    [ ! -e "$dir" ] || { echo "$dir already exists; choose a new folder" >&2; exit 73; }
    mkdir -p "$dir"
    chown postgres: "$dir" 2>/dev/null || true
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # fsync stays on: the crash tests count on an acknowledged commit being on disk.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300" start >/dev/null
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres chaindesk
    echo "$port" >"$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/chaindesk"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 64
    ;;
esac
