#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds (with -Werror under
# CI=true), checks the formatting, starts a throwaway
# PostgreSQL 15 server (unix socket in a temp dir), runs every test against
# SQLite and PostgreSQL with ctest, and stops the server, also on failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh"
# Layout is checked before anything runs: every file as .clang-format says.
"$root/tools/check_format.sh"

pgdir=$(mktemp -d /tmp/retort-pg.XXXXXX)
cleanup() { "$root/tools/pg_test_server.sh" stop "$pgdir" || true; }
trap cleanup EXIT INT TERM
RETORT_TEST_POSTGRES_URL=$("$root/tools/pg_test_server.sh" start "$pgdir")
export RETORT_TEST_POSTGRES_URL
echo "retort: PostgreSQL test server at $RETORT_TEST_POSTGRES_URL"

cd "$root/build"
ctest --output-on-failure -j "$(nproc)" "$@"
