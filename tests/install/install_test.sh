#!/usr/bin/env bash
# The installed package works for a program of its own: `cmake --install` the
# build into a temporary prefix, check that only public headers went in and
# that they compile on their own, configure and build tests/install/consumer
# with find_package(retort), then run the consumer as its migration CLI on
# SQLite: revision --autogenerate, upgrade head, check. Then both the installed
# retort and the consumer reach PostgreSQL (RETORT_TEST_POSTGRES_URL) through
# the installed driver library.
#
# Usage: install_test.sh BUILD_DIR CONSUMER_SOURCE_DIR CXX_COMPILER
set -euo pipefail
build_dir=$1
consumer_src=$2
cxx=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/retort-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

step() { echo "--- $*"; }

step "install into $work/prefix"
cmake --install "$build_dir" --prefix "$work/prefix" >"$work/install.log"
test -f "$work/prefix/include/retort/core/model/model.hpp"
test -f "$work/prefix/include/retort/cli/main.hpp"
test -x "$work/prefix/bin/retort"
test -f "$work/prefix/lib/libretort_postgresql.so"

step "the installed headers: public only, complete on their own"
include="$work/prefix/include/retort"
(cd "$include" && find . -name '*.hpp' | sed 's|^\./||' | sort) >"$work/headers.txt"
# Implementation headers stay in the source tree (cmake/install.cmake says which).
if grep -E '(^|/)internal/|^dialects/(sqlite|postgresql)/|^core/ops/' "$work/headers.txt"; then
  echo "implementation headers were installed (above)" >&2
  exit 1
fi
sed 's|.*|#include "&"|' "$work/headers.txt" >"$work/all_headers.cpp"
# The installed tree alone (and system headers): a public header that
# includes one left in the source tree fails here.
"$cxx" -std=c++20 -fsyntax-only -I"$include" "$work/all_headers.cpp" ||
  { echo "the installed headers do not compile on their own" >&2; exit 1; }
echo "$(wc -l <"$work/headers.txt") public headers"

if [[ -z ${RETORT_TEST_POSTGRES_URL:-} ]]; then
  echo "RETORT_TEST_POSTGRES_URL is not set: run through tools/test.sh" >&2
  exit 1
fi

step "configure and build the consumer"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$consumer_src" -B "$work/build" "${generator[@]}" "${launcher[@]}" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS=-O0 \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j 2 >"$work/build.log" || { cat "$work/build.log"; exit 1; }

step "run the consumer as its migration CLI"
project="$work/project"
mkdir -p "$project/migrations/versions"
cat >"$project/retort.toml" <<'TOML'
[retort]
script_location = "migrations"
url = "sqlite:///app.db"
TOML
cd "$project"
consumer="$work/build/consumer"
"$consumer" revision --autogenerate -m init
grep -q 'op = "create_table"' migrations/versions/*_init.toml
"$consumer" upgrade head
"$consumer" check
test ! -e models.toml

step "reach PostgreSQL through the installed driver"
# The installed retort finds it in its ../lib; LD_DEBUG=files shows which file.
LD_DEBUG=files "$work/prefix/bin/retort" --url "$RETORT_TEST_POSTGRES_URL" current \
  2>"$work/retort-pg.err"
grep -q "file=$work/prefix/lib/libretort_postgresql.so" "$work/retort-pg.err" ||
  { grep -i retort_postgresql "$work/retort-pg.err"; exit 1; }
"$consumer" --url "$RETORT_TEST_POSTGRES_URL" current
echo "--- ok"
