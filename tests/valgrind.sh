#!/usr/bin/env bash
# The real binary under valgrind's memcheck: `check` on a strong production volume (passes)
# and on the guide's sample config (refused), then a short `watch` run (start, one
# kubelet-style rotation, one scrape of /metrics and /status, SIGTERM). Prints one line per
# run and fails on a definite leak, a memory error or an unexpected exit code.
# Usage: tests/valgrind.sh [BINARY]   (default build/ats-guard; a build without sanitizers)
set -euo pipefail
guard=$(realpath -m "${1:-$(dirname "$0")/../build/ats-guard}")
cd "$(dirname "$0")/.."
scripts/install-deps.sh valgrind
if [[ ! -x $guard ]]; then
  [[ $guard == "$PWD/build/ats-guard" ]] || { echo "valgrind.sh: no binary $guard" >&2; exit 2; }
  make build ${JOBS:+JOBS=$JOBS}
fi
# A sanitizer runtime and valgrind cannot share one process.
if ldd "$guard" | grep -Eq 'lib(a|t|ub)san'; then
  echo "valgrind.sh: $guard is a sanitizer build; give a normal one" >&2
  exit 2
fi

work=$(mktemp -d)
watch_pid=
trap '[[ -z $watch_pid ]] || kill -KILL "$watch_pid" 2>/dev/null; rm -rf "$work"' EXIT

# Definite leaks count as errors, so --error-exitcode covers both; the figures come from
# the log. The environment is only the fixture's, as in scripts/demo.sh (env -i runs
# before valgrind: valgrind does not follow exec by default).
memcheck=(valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99)
mapfile -t production_env < <(grep -v '^#' tests/fixtures/production.env)
mapfile -t sample_env < <(grep -v '^#' tests/fixtures/guide-sample.env)

failed=0
# lost LOG KIND: bytes of the leak summary line of KIND; 0 when valgrind printed none
# ("All heap blocks were freed -- no leaks are possible").
lost() {
  local bytes
  bytes=$(sed -n "s/.*$2 lost: \([0-9,]*\) bytes.*/\1/p" "$1" | tr -d ,)
  echo "${bytes:-0}"
}

# report NAME EXPECTED_EXIT EXIT: one line from the valgrind log of run NAME.
report() {
  local log="$work/$1.vg" definite errors
  definite=$(lost "$log" definitely)
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$log" | tr -d ,)
  printf 'valgrind %-13s definitely-lost=%sB indirectly-lost=%sB possibly-lost=%sB errors=%s exit=%s\n' \
    "$1" "$definite" "$(lost "$log" indirectly)" "$(lost "$log" possibly)" "${errors:-?}" "$3"
  if [[ $definite != 0 || ${errors:-?} != 0 || $3 != "$2" ]]; then
    echo "valgrind.sh: $1 failed (expected exit $2); valgrind log:" >&2
    cat "$log" >&2
    failed=1
  fi
}

# The kubelet's update of a secret volume: a new ..<timestamp> directory with every key,
# a ..data_tmp symlink to it renamed over ..data (the atomic commit), the old one removed.
rotate() {
  local dir=$1 old new
  old=$(readlink "$dir/..data")
  new="..$(date -u +%Y_%m_%d_%H_%M_%S).$RANDOM$RANDOM"
  cp -a "$dir/$old" "$dir/$new"
  rm "$dir/$new/jwt-secret"
  openssl rand -base64 64 | tr -d '\n' >"$dir/$new/jwt-secret"
  chmod 0440 "$dir/$new/jwt-secret"
  ln -s "$new" "$dir/..data_tmp"
  mv -T "$dir/..data_tmp" "$dir/..data"
  rm -rf "${dir:?}/$old"
}

# wait_for FILE PATTERN SECONDS: until the running watch writes PATTERN to FILE.
wait_for() {
  local deadline=$((SECONDS + $3))
  until grep -q -- "$2" "$1"; do
    if ((SECONDS >= deadline)) || ! kill -0 "$watch_pid" 2>/dev/null; then
      echo "valgrind.sh: watch: no '$2' in $1 after $3 s" >&2
      cat "$work/watch.err" >&2
      return 1
    fi
    sleep 0.2
  done
}

scripts/make-secrets-volume.sh "$work/secrets" 3072

code=0
env -i PATH="$PATH" "${production_env[@]}" "${memcheck[@]}" --log-file="$work/check-strong.vg" \
  "$guard" check --secrets-dir "$work/secrets" --termination-log "$work/termination-log" \
  >/dev/null || code=$?
report check-strong 0 "$code"

code=0
env -i PATH="$PATH" "${sample_env[@]}" "${memcheck[@]}" --log-file="$work/check-sample.vg" \
  "$guard" check --termination-log "$work/termination-log" >/dev/null || code=$?
report check-sample 1 "$code"

# Under valgrind the first evaluation (RSA-3072 analysis) takes seconds: generous deadlines.
env -i PATH="$PATH" "${production_env[@]}" "${memcheck[@]}" --log-file="$work/watch.vg" \
  "$guard" watch --secrets-dir "$work/secrets" --listen 127.0.0.1:0 --reload none \
  >"$work/watch.out" 2>"$work/watch.err" &
watch_pid=$!
wait_for "$work/watch.err" watching 180
port=$(sed -n 's/.*\/metrics on port \([0-9]*\).*/\1/p' "$work/watch.err" | head -n 1)
rotate "$work/secrets"
# The audit line of the rotation: it was read and evaluated before the scrape and the stop.
wait_for "$work/watch.out" '"event_type":"secret_change"' 120
for path in metrics status; do
  curl -fsS --max-time 60 -o /dev/null "http://127.0.0.1:$port/$path"
done
kill -TERM "$watch_pid"
code=0
wait "$watch_pid" || code=$?
watch_pid=
report watch 0 "$code"

exit "$failed"
