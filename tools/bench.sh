#!/usr/bin/env bash
# Runs the Google Benchmark programs in bench/ (inspect, the model runtime,
# the revision graph) against SQLite and a throwaway PostgreSQL 15 server,
# each beside its raw-driver baseline. Extra arguments go to the
# benchmark binary (e.g. --benchmark_filter=Postgres).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh" >/dev/null
pgdir=$(mktemp -d /tmp/retort-pg.XXXXXX)
cleanup() { "$root/tools/pg_test_server.sh" stop "$pgdir" || true; }
trap cleanup EXIT INT TERM
server_url=$("$root/tools/pg_test_server.sh" start "$pgdir")
# The benchmark drops and recreates schema public: give it its own database.
/usr/lib/postgresql/15/bin/psql -q "$server_url" -c "CREATE DATABASE retort_bench"
RETORT_BENCH_POSTGRES_URL=${server_url/\/postgres\?/\/retort_bench?}
export RETORT_BENCH_POSTGRES_URL
for bench in retort_inspect_bench retort_runtime_bench retort_graph_bench; do
  echo "== $bench"
  "$root/build/bench/$bench" "$@"
done
