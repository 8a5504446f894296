#!/usr/bin/env bash
# Installs everything retort needs to build, test and benchmark on Debian
# bookworm, from Debian's packages only. Safe to run again: it installs only
# what is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git ca-certificates
  libsqlitecpp-dev libsqlite3-dev sqlite3
  libpqxx-dev libpq-dev libpg-query-dev postgresql-15
  libfmt-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema  # tests: the heroes example's JSON Schema
  clang-format                # tools/check_format.sh
)
if [[ "${RETORT_WITH_PYTHON_BASELINE:-0}" == 1 ]]; then
  packages+=(python3 alembic python3-alembic python3-sqlalchemy python3-sqlmodel python3-psycopg2)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
echo "retort: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
