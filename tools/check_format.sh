#!/usr/bin/env bash
# Checks that every .cpp/.hpp of the tree (build folders aside) is formatted
# as .clang-format says, with Debian's clang-format; changes nothing. Lists
# the files that differ and exits 1 when there is any.
#
# Usage: tools/check_format.sh [-v]   (-v also prints clang-format's findings)
# To fix a file: clang-format -i FILE
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
verbose=0
if [[ ${1:-} == -v ]]; then verbose=1; fi
if ! command -v clang-format >/dev/null; then
  echo "check_format: clang-format is not installed (tools/install_deps.sh installs it)" >&2
  exit 2
fi

cd "$root"
mapfile -t files < <(find . \( -path './build*' -o -path './.*' \) -prune -o \
  -type f \( -name '*.cpp' -o -name '*.hpp' \) -print | sed 's|^\./||' | LC_ALL=C sort)
# One clang-format for all files; its findings name each file that differs.
findings=$(clang-format --dry-run -Werror "${files[@]}" 2>&1) && status=0 || status=$?
if ((verbose)); then echo "$findings"; fi
mapfile -t differ < <(grep -oE '^[^:]+:[0-9]+:[0-9]+: error: code should be clang-formatted' \
  <<<"$findings" | cut -d: -f1 | LC_ALL=C sort -u)
if ((status != 0 && ${#differ[@]} == 0)); then
  echo "$findings" >&2
  echo "check_format: clang-format failed" >&2
  exit 2
fi
if ((${#differ[@]} > 0)); then
  printf '%s\n' "${differ[@]}"
  echo "check_format: ${#differ[@]} of ${#files[@]} files differ from .clang-format" \
    "($(clang-format --version)); fix with clang-format -i FILE" >&2
  exit 1
fi
echo "check_format: all ${#files[@]} files match .clang-format"
