#!/usr/bin/env bash
# Configures and builds retort into build/ (Ninja, RelWithDebInfo). Under
# CI=true (tools/test.sh in CI) a compiler warning fails the build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install_deps.sh"
werror=OFF
if [[ ${CI:-} == true ]]; then werror=ON; fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRETORT_WERROR=$werror >/dev/null
cmake --build "$root/build" -j "$(nproc)"
