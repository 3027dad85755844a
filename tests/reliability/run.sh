#!/usr/bin/env bash
# The reliability and security proof, in one command: soak, fault injection and load
# against the real binary, the leak harness, the sanitizer suites, valgrind and every fuzz
# target; then tests/RELIABILITY.md is written from what each step measured.
#
# Usage: tests/reliability/run.sh [--out FILE] [--fuzz-seconds N] [--no-tsan]
#   --out FILE        where the report goes (default tests/RELIABILITY.md)
#   --fuzz-seconds N  bounded fuzzing per target (default 60)
#   --no-tsan         skip the ThreadSanitizer build (CI: it costs a third full build)
# Every step runs even after a failure, so the report shows all of them; the exit code is
# 1 when any step failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/RELIABILITY.md
fuzz_seconds=60
tsan=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
    --no-tsan) tsan=0; shift ;;
    *) echo "usage: $0 [--out FILE] [--fuzz-seconds N] [--no-tsan]" >&2; exit 2 ;;
  esac
done
scripts/install-deps.sh build test bench

rows=$(mktemp -d)
trap 'rm -rf "$rows"' EXIT
failed=0

# row SECTION CHECK LOAD RESULT OUTCOME: one line of the report, as JSON.
row() {
  python3 -c 'import json, sys; print(json.dumps(dict(zip(
    ["section", "check", "load", "result", "outcome"], sys.argv[1:]))))' "$@" >>"$rows/all.jsonl"
}
# outcome CODE: the report's word for an exit code. It runs in $(...), a subshell, so it
# cannot record the failure itself: every caller also sets failed=1 on a non-zero code,
# and the exit status below is checked against the rows as well.
outcome() { if [[ $1 -eq 0 ]]; then echo passed; else echo FAILED; fi; }

make build >/dev/null  # the shipped configuration (Makefile), as the other suites test

# run_test SECTION BINARY NAME [CHECK LOAD]: one doctest case alone. Its own
# RecordReliability rows carry the figures; a case that records none gets CHECK and LOAD.
run_test() {
  local section=$1 binary=$2 name=$3 check=${4:-} load=${5:-} code=0 start=$SECONDS
  echo "--- $name"
  ATSGUARD_RELIABILITY_OUT="$rows/case.jsonl" "$binary" --test-case="${name//,/\\,}" \
    >"$rows/case.log" 2>&1 || code=$?
  [[ $code -eq 0 ]] || { failed=1; tail -40 "$rows/case.log"; }
  local result
  result=$(outcome $code)
  if [[ -s "$rows/case.jsonl" ]]; then
    python3 -c 'import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(json.dumps({"section": sys.argv[2], "outcome": sys.argv[3], **r}))' \
      "$rows/case.jsonl" "$section" "$result" >>"$rows/all.jsonl"
  else
    row "$section" "$check" "$load" "test passed in $((SECONDS - start)) s: $name" "$result"
  fi
  rm -f "$rows/case.jsonl"
}

echo "=== soak, faults and load (real binary, real inotify, loopback)"
while IFS= read -r name; do
  run_test "Soak, faults and load" build/tests/reliability/atsguard_reliability_tests "$name"
done < <(build/tests/reliability/atsguard_reliability_tests --list-test-cases --no-version 2>/dev/null |
         grep -E '^(soak|faults|load):')
# Faults the integration and unit suites already inject, run here again by name.
faults=(
  "integration|watch: a removed and recreated directory is re-armed and read again|fault: volume directory deleted and recreated|rm -rf of a watched kubelet volume, recreated"
  "integration|watch: bad secrets files never crash or hang the sidecar|fault: FIFO, symlink loop, dangling ..data in a watched directory|3 hostile entries, then a rotation"
  "integration|watch: a webhook down for seconds is delivered when it returns, watching goes on|fault: webhook refusing connections for seconds|5+ failed attempts, then up"
  "unit|the watch limit falls back to polling, loudly|fault: inotify watch limit (ENOSPC through the Inotify seam)|inotify_add_watch fails with ENOSPC"
  "unit|polling ends when the safety rescan finds a free watch|fault: watch limit lifted again|ENOSPC, then a free watch"
  "unit|a deleted directory is re-armed with backoff and read when it returns|fault: re-arm backoff (fake clock)|directory gone, back later"
)
for entry in "${faults[@]}"; do
  IFS='|' read -r binary name check load <<<"$entry"
  run_test "Soak, faults and load" "build/tests/atsguard_${binary}_tests" "$name" "$check" "$load"
done

echo "=== secrets never leak"
run_test "Secrets never leak" build/tests/atsguard_integration_tests \
  "leak harness: no mode ever outputs a canary secret, a hash or a piece of one"

# ctest_row SECTION CHECK LOG CODE: the summary line ctest printed.
ctest_row() {
  local summary
  summary=$(grep -E 'tests passed|tests failed' "$3" | tail -1)
  row "$1" "$2" "${summary##* out of } ctest tests" "${summary:-no summary (build failed?)}" \
    "$(outcome "$4")"
  [[ $4 -eq 0 ]] || { failed=1; grep -E -A30 'The following tests FAILED|ThreadSanitizer|ERROR' "$3" | tail -60; }
}

echo "=== sanitizers"
code=0; tests/sanitizers.sh address,undefined >"$rows/asan.log" 2>&1 || code=$?
ctest_row "Sanitizers and leaks" "ASan + UBSan + LeakSanitizer: the whole ctest suite" \
  "$rows/asan.log" $code
if [[ $tsan -eq 1 ]]; then
  code=0; tests/sanitizers.sh thread >"$rows/tsan.log" 2>&1 || code=$?
  ctest_row "Sanitizers and leaks" "TSan: watcher, reload, sidecar loop and HTTP server suites" \
    "$rows/tsan.log" $code
fi
code=0; tests/valgrind.sh build/ats-guard >"$rows/valgrind.log" 2>&1 || code=$?
while read -r name rest; do
  row "Sanitizers and leaks" "valgrind memcheck: $name" "--leak-check=full" "$rest" \
    "$(outcome "$code")"
done < <(grep -E '^valgrind ' "$rows/valgrind.log" | cut -d' ' -f2-)
[[ $code -eq 0 ]] || { failed=1; tail -40 "$rows/valgrind.log"; }

echo "=== fuzzing (${fuzz_seconds} s per target)"
code=0; tests/fuzz/run.sh "$fuzz_seconds" >"$rows/fuzz.log" 2>&1 || code=$?
while read -r target seconds execs _ corpus _ _ _ result; do
  row "Fuzzing (libFuzzer, ASan + UBSan)" "$target" "$seconds, $execs executions" \
    "$result; $corpus new corpus entries" "$(outcome "$code")"
done < <(grep -E '^fuzz_' "$rows/fuzz.log")
[[ $code -eq 0 ]] || { failed=1; tail -40 "$rows/fuzz.log"; }

python3 tests/reliability/render.py "$rows/all.jsonl" tests/fuzz/LONG-RUN.txt >"$out"
echo "=== report: $out"
cat "$out"
# A FAILED row without failed=1 would be a silent pass: the rows have the last word.
if grep -q '"outcome": "FAILED"' "$rows/all.jsonl"; then failed=1; fi
exit $failed
