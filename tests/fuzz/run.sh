#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, ASan + UBSan) and runs each for SECONDS,
# starting from the checked-in seeds, after replaying every saved regression input.
# Usage: tests/fuzz/run.sh [SECONDS]            (default 60; CI uses a smaller bound)
# FUZZ_JOBS sets the build's parallelism (default: nproc); FUZZ_BUILD the build directory.
# Prints one line per target: executions, corpus size, result. Exits 1 on a crash.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=${FUZZ_BUILD:-build-fuzz}
scripts/install-deps.sh build fuzz

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DATSGUARD_FUZZ=ON -DATSGUARD_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# FUZZ_TARGETS narrows the run (e.g. "http" to rerun one target after a fix).
read -r -a targets <<<"${FUZZ_TARGETS:-policy evaluate crypto snapshot http}"
cmake --build "$build" -j "${FUZZ_JOBS:-$(nproc)}" --target "${targets[@]/#/fuzz_}"
# The core is built with recoverable UBSan: without halting, undefined behaviour would
# only print a line and never count as a crash.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in "${targets[@]}"; do
  binary="$build/tests/fuzz/fuzz_$target"
  regressions="tests/fuzz/regressions/$target"
  if [[ -d "$regressions" ]] && compgen -G "$regressions/*" >/dev/null; then
    "$binary" -runs=1 "$regressions"/* >"$work/$target.replay.log" 2>&1 || {
      echo "fuzz_$target: a saved regression input crashes again:"; tail -30 "$work/$target.replay.log"; status=1; }
  fi
  mkdir -p "$work/corpus-$target" "$work/crashes-$target"
  # Fuzz into a scratch corpus so CI never edits the checked-in seeds.
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$work/crashes-$target/" "$work/corpus-$target" "tests/fuzz/corpus/$target" \
      >"$work/$target.log" 2>&1; then
    result="no crash"
  else
    result="CRASH: $(find "$work/crashes-$target" -type f -printf '%f\n' | head -1)"
    mkdir -p "$regressions"
    cp "$work/crashes-$target"/* "$regressions/" 2>/dev/null || true
    tail -40 "$work/$target.log"
    status=1
  fi
  execs=$(grep -m1 'stat::number_of_executed_units' "$work/$target.log" | awk '{print $2}')
  corpus=$(find "$work/corpus-$target" -type f | wc -l)
  printf 'fuzz_%-9s %4ss  %9s executions  %5s new corpus entries  %s\n' \
    "$target" "$seconds" "${execs:-?}" "$corpus" "$result"
done
exit $status
