#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the test suite.
#
#   tools/pg_test_server.sh start DIR   initdb a cluster in DIR, start it on a
#                                       unix socket in DIR, print its URL
#   tools/pg_test_server.sh stop DIR    stop the server and remove DIR
#
# The cluster trusts local connections, listens on no TCP port, and runs with
# fsync off: it is for tests only. When run as root, initdb and pg_ctl run as
# the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
dir=$2

pg_bin=${RETORT_PG_BIN:-}
if [[ -z $pg_bin ]]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [[ -x $candidate/initdb ]]; then
      pg_bin=$candidate
      break
    fi
  done
fi
if [[ -z $pg_bin || ! -x $pg_bin/initdb ]]; then
  echo "pg_test_server: PostgreSQL server binaries not found" >&2
  echo "pg_test_server: install them with: apt-get install -y postgresql-15" >&2
  exit 1
fi

# Runs a command as the cluster owner, from / (the caller's folder may be one
# the owner cannot enter, and pg_ctl would complain about it); every path
# handed to it is absolute.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

case $action in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres: "$dir"
    fi
    data=$dir/data
    as_owner "$pg_bin/initdb" -D "$data" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    # Unix socket only, no TCP; speed over durability.
    as_owner "$pg_bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    for _ in $(seq 1 100); do
      if "$pg_bin/pg_isready" -q -h "$dir" -U postgres; then
        echo "postgresql://postgres@/postgres?host=$dir"
        exit 0
      fi
      sleep 0.1
    done
    echo "pg_test_server: the server in $dir did not become ready" >&2
    cat "$dir/server.log" >&2
    exit 1
    ;;
  stop)
    if [[ -d $dir/data ]]; then
      dir=$(cd "$dir" && pwd)
      as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    usage
    ;;
esac
