#!/usr/bin/env bash
# Fleet upgrade speed-up: `retort --fleet NAME upgrade head` of SQLITE_MEMBERS
# SQLite files and PG_MEMBERS PostgreSQL databases (a throwaway PostgreSQL 15
# server) through a chain of REVISIONS revisions, with --jobs 1 and with
# --jobs 8, each from empty members. Prints the wall-clock seconds of each
# and the speed-up; bench/RESULTS.md ("Fleets") says what bounds it.
#
# Usage: bench/fleet/run.sh [SQLITE_MEMBERS [PG_MEMBERS [REVISIONS]]]
#        (defaults 200, 50, 20; RETORT is the retort binary, default
#        build/retort)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
sqlite_members=${1:-200}
pg_members=${2:-50}
revisions=${3:-20}
retort=${RETORT:-$repo/build/retort}
psql=/usr/lib/postgresql/15/bin/psql
work=$(mktemp -d /tmp/retort-fleet-bench.XXXXXX)
pgdir=$(mktemp -d /tmp/retort-pg.XXXXXX)  # beside $work: the server's user reads it
cleanup() {
  "$repo/tools/pg_test_server.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT INT TERM

server_url=$("$repo/tools/pg_test_server.sh" start "$pgdir")
cd "$work"
"$retort" init >/dev/null

# A chain of revisions as a growing application writes them: each creates a
# table with a key, a foreign key to the one before, an index, and adds a
# column to the previous table.
down=""
for i in $(seq 1 "$revisions"); do
  id=$(printf 'f1ee7be0%04d' "$i")
  {
    echo "revision = \"$id\""
    echo "down_revision = \"$down\""
    echo "message = \"step $i\""
    echo
    echo '[[upgrade]]'
    echo 'op = "create_table"'
    echo "table = \"t$i\""
    echo 'columns = ['
    echo '  { name = "id", type = "integer", primary_key = true },'
    echo '  { name = "name", type = "varchar(100)" },'
    if [[ $i -gt 1 ]]; then
      echo "  { name = \"parent_id\", type = \"integer\", nullable = true },"
    fi
    echo ']'
    if [[ $i -gt 1 ]]; then
      echo "foreign_keys = [ { columns = [\"parent_id\"], references = \"t$((i - 1))\", ref_columns = [\"id\"] } ]"
      echo
      echo '[[upgrade]]'
      echo 'op = "add_column"'
      echo "table = \"t$((i - 1))\""
      echo 'column = { name = "note", type = "text", nullable = true }'
    fi
    echo
    echo '[[upgrade]]'
    echo 'op = "create_index"'
    echo "table = \"t$i\""
    echo "index = { name = \"ix_t${i}_name\", columns = [\"name\"] }"
  } >"migrations/versions/${id}_step_$i.toml"
  down=$id
done

# make_members: empty members, and retort.toml's [fleet.sqlite] / [fleet.pg].
make_members() {
  rm -f members/*.db
  mkdir -p members
  {
    echo '[retort]'
    echo 'script_location = "migrations"'
    echo 'models = "models.toml"'
    echo
    echo '[fleet.sqlite]'
    echo 'urls = ['
    for i in $(seq 1 "$sqlite_members"); do echo "  \"sqlite:///$work/members/m$i.db\","; done
    echo ']'
    echo
    echo '[fleet.pg]'
    echo 'urls = ['
    for i in $(seq 1 "$pg_members"); do
      echo "  \"${server_url/\/postgres\?/\/bench_m$i?}\","
    done
    echo ']'
  } >retort.toml
  for i in $(seq 1 "$pg_members"); do
    echo "DROP DATABASE IF EXISTS bench_m$i; CREATE DATABASE bench_m$i;"
  done | PGOPTIONS="-c client_min_messages=warning" "$psql" -q -X "$server_url" >/dev/null
}

# timed FLEET JOBS: seconds of one upgrade of every member from empty.
timed() {
  make_members
  local start end
  start=$(date +%s.%N)
  "$retort" --fleet "$1" upgrade head --jobs "$2" --on-error stop >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

printf '%-44s %10s %10s %9s\n' "fleet" "--jobs 1" "--jobs 8" "speed-up"
for fleet in sqlite pg; do
  members=$sqlite_members
  [[ $fleet == pg ]] && members=$pg_members
  one=$(timed "$fleet" 1)
  eight=$(timed "$fleet" 8)
  printf '%-44s %9.2fs %9.2fs %8.2fx\n' \
    "$fleet: $members members x $revisions revisions" "$one" "$eight" \
    "$(awk -v a="$one" -v b="$eight" 'BEGIN { print a / b }')"
done
echo "($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
