#!/usr/bin/env bash
# The whole ctest suite under AddressSanitizer + UndefinedBehaviorSanitizer (and leak
# detection), in its own build tree. Usage: tests/sanitizers.sh [address,undefined|thread] [CTEST_REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=${1:-address,undefined}
filter=${2:-}
build="build-$(echo "$sanitizers" | tr ',' '-')"
scripts/install-deps.sh build test

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATSGUARD_SANITIZE="$sanitizers" >/dev/null
cmake --build "$build" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
cd "$build"
ctest --output-on-failure -j "$(nproc)" ${filter:+-R "$filter"}
