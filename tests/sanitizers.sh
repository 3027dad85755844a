#!/usr/bin/env bash
# The ctest suite under sanitizers, in its own build tree (build-<sanitizers>):
#   address,undefined (default, what CI runs): the whole suite, with leak detection;
#   thread: the tests of the threaded code (watcher, reload targets, sidecar loop, HTTP
#           server, metrics, watch/sidecar integration), unless CTEST_REGEX is given.
# Usage: tests/sanitizers.sh [address,undefined|thread] [CTEST_REGEX]
# JOBS (default: nproc) caps the build and ctest parallelism on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=${1:-address,undefined}
filter=${2:-}
build="build-$(echo "$sanitizers" | tr ',' '-')"
jobs=${JOBS:-$(nproc)}
scripts/install-deps.sh build test

# ctest names are "unit:" or "integration:" and the TEST_CASE sentence; there are no suite
# labels, so the TSan subset is picked by words of those sentences, grouped by the tests/
# folder they come from. It matches every test of those folders (check with ctest -N -R)
# and one more: the nginx reload test, which drives the same watch loop.
tsan_subset=(
  '^integration:(watch|e2e): '  # integration/watch_test.cpp, integration/sidecar_e2e_test.cpp
  'watch|rescan|poll|swap|keys added|dangling ..data is retried|stays dangling'  # watch/
  'plain directory (is read after|updated)|re-armed|_FILE source|kubelet update'
  'reload|rotat|webhook|target|PID|process tree|command line|start-up check|success codes'  # reload/
  'JSON audit lines|scrubbed|defaults otherwise|heartbeat|reaches an audit line|sidecar'  # app/
  'server|request|connection|client|rate limit|token|TLS|HTTP|GET|405|413|404|400|431|429'  # http/
  'ready|liveness|listen|probe|Start|Stop|served|canary secret appears|audit events|scheme'
  'says why|readiness|budget|handler|redactor|life cycle|called twice'
  'metric|exposition|families|Prometheus|evaluation report|no verdict|secret ages|exported'  # metrics/
  'delivered twice'
)
if [[ $sanitizers == thread && -z $filter ]]; then
  filter=$(IFS='|'; echo "${tsan_subset[*]}")
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATSGUARD_SANITIZE="$sanitizers" >/dev/null
cmake --build "$build" -j "$jobs"

# Integration tests run the instrumented ats-guard as a child and do not look at its exit
# status, so a race reported there would be lost on its stderr: every process writes its
# TSan reports under $reports instead, and any report fails the run below.
reports="$PWD/$build/tsan-reports"
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$reports/tsan"

# GCC 12's TSan dies with "FATAL: ThreadSanitizer: unexpected memory mapping" on kernels
# that randomise mmap with more bits (vm.mmap_rnd_bits > 28): run without ASLR when the
# kernel (or the container's seccomp profile) allows it. Children inherit the personality.
run=()
if [[ $sanitizers == thread ]] && setarch "$(uname -m)" -R true 2>/dev/null; then
  run=(setarch "$(uname -m)" -R)
fi

cd "$build"
status=0
"${run[@]}" ctest --output-on-failure -j "$jobs" ${filter:+-R "$filter"} || status=$?
if compgen -G "$reports/tsan.*" >/dev/null; then
  echo "sanitizers: ThreadSanitizer reports:" >&2
  cat "$reports"/tsan.* >&2
  status=1
fi
exit "$status"
