#!/usr/bin/env bash
# Configures and builds retort into build/ (Ninja, -O2 without debug
# information, the tests' own code at -O0: this build is for running, and it
# compiles in about half the time; configure a build directory of your own
# with -DCMAKE_BUILD_TYPE=Debug to debug). Under CI=true (tools/test.sh in
# CI) a compiler warning fails the build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install_deps.sh"
werror=OFF
if [[ ${CI:-} == true ]]; then werror=ON; fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DRETORT_QUICK_TESTS=ON \
  -DRETORT_WERROR=$werror >/dev/null
cmake --build "$root/build" -j "$(nproc)"
