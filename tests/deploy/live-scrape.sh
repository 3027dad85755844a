#!/usr/bin/env bash
# Takes a /metrics scrape from the real ats-guard binary, for the dashboard/alert checks of
# tests/deploy/run.sh. Builds nothing; loopback only; every wait has a deadline.
#
#   tests/deploy/live-scrape.sh BINARY OUT_FILE
#
# 1. makes a kubelet-style secret volume with scripts/make-secrets-volume.sh and starts
#      BINARY watch --template production-financial --listen 127.0.0.1:0 --secrets-dir VOL
#                   --reload signal --process-name STUB
#    with exactly the settings of tests/fixtures/production.env (env -i: no ATS_GUARD_* of the
#    caller leaks in). STUB is a shell of this script standing in for ats-core: it only
#    records the SIGHUPs it gets. (With --reload none, the reload families would never appear
#    in a scrape, and they are what the reload alerts are about.)
# 2. reads the port from the binary's stderr line "serving ... on port N"; /healthz and
#    /readyz answer 200 (which also makes ats_guard_http_requests_total appear) and the
#    verdict is 1;
# 3. rotates to a new passing secret set the way the kubelet does (..data swap): the binary
#    must see the change and SIGHUP the stub (reloads_total{result="success"});
# 4. rotates to a failing set (a default JWT secret): the verdict must turn 0 and the reload be
#    withheld (reloads_total{result="skipped_invalid"}), the stub getting no further SIGHUP;
# 5. writes the last /metrics to OUT_FILE, stops the binary with SIGTERM (exit 0 within 5 s),
#    and checks that no secret value appears in any scrape or output.
# Prints one "ok" line, or a FAIL line with the reason and exits 1.
set -Eeuo pipefail

bin=${1:-}
out=${2:-}
if [ -z "$bin" ] || [ -z "$out" ]; then
  echo "usage: live-scrape.sh BINARY OUT_FILE" >&2
  exit 2
fi
[ -x "$bin" ] || { echo "FAIL live scrape: $bin is not an executable"; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
for t in curl openssl perl; do
  command -v "$t" >/dev/null 2>&1 || { echo "FAIL live scrape: $t is missing"; exit 1; }
done

tmp=$(mktemp -d /tmp/ats-guard-live-scrape.XXXXXX)
vol="$tmp/secrets"
pid=""
stub=""
# shellcheck disable=SC2317 # called through the EXIT trap
cleanup() {
  local p
  for p in "$pid" "$stub"; do
    # In braces so that bash's "Killed" job notice goes to /dev/null too.
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then { kill -KILL "$p" && wait "$p"; } 2>/dev/null || true; fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
# set -e must never end the script without a FAIL line.
trap 'echo "FAIL live scrape: unexpected error at line $LINENO"' ERR
die() {
  echo "FAIL live scrape: $*"
  if [ -s "$tmp/stderr" ]; then
    echo "     last lines of the binary's stderr:"
    tail -5 "$tmp/stderr" | cut -c1-240 | sed 's/^/     /'
  fi
  # Which process each reload went to ("SIGHUP sent to pid N (comm)"), and the stub's pid.
  if grep -q '"event_type":"reload' "$tmp/stdout" 2>/dev/null; then
    echo "     reload audit lines (the stub is pid $stub):"
    grep '"event_type":"reload' "$tmp/stdout" | cut -c1-400 | sed 's/^/     /'
  fi
  exit 1
}

# The stand-in for ats-core: a unique argv[0] so that nothing else on the machine matches.
# Perl, not a shell trap: a shell cannot trap a signal that was ignored when it started
# (POSIX), and a caller run under nohup hands SIGHUP down ignored; perl's handler replaces
# the disposition whatever it was.
stub_name="ats-live-scrape-stub-$$"
: >"$tmp/hups"
# shellcheck disable=SC2016 # the perl code is single-quoted on purpose
stub_code='$SIG{HUP} = sub { open(my $f, ">>", $ARGV[0]) or die; print $f "hup\n"; close $f }; sleep 1 while 1'
bash -c 'exec -a "$0" perl -e "$1" "$2"' "$stub_name" "$stub_code" "$tmp/hups" &
stub=$!

"$root/scripts/make-secrets-volume.sh" "$vol" >/dev/null 2>"$tmp/make.err" ||
  die "scripts/make-secrets-volume.sh failed: $(head -3 "$tmp/make.err")"
# Every value made here, to look for in the outputs (never printed).
collect_values() {
  local k
  for k in jwt-secret encryption-key db-password; do
    cat "$vol/$k"
    echo
  done >>"$tmp/values"
  grep -v -- '-----' "$vol/jwt-private-key.pem" | head -3 >>"$tmp/values"
}
collect_values

envs=(PATH="$PATH")
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  envs+=("$line")
done <"$root/tests/fixtures/production.env"

# Created before the start: the loop below may read them before the child opens them.
: >"$tmp/stdout"
: >"$tmp/stderr"
env -i "${envs[@]}" "$bin" watch --template production-financial --listen 127.0.0.1:0 \
  --secrets-dir "$vol" --reload signal --process-name "$stub_name" \
  >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!

# The line comes after the first evaluation, so once it is there the verdict is published.
port=""
deadline=$((SECONDS + 20))
while [ "$SECONDS" -lt "$deadline" ]; do
  port=$(sed -n 's/.*serving .* on port \([0-9][0-9]*\).*/\1/p' "$tmp/stderr" | head -1)
  [ -n "$port" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    rc=0
    wait "$pid" || rc=$?
    pid=""
    die "watch exited ($rc) before serving"
  fi
  sleep 0.1
done
[ -n "$port" ] || die "no \"serving ... on port N\" line on stderr within 20 s"
base="http://127.0.0.1:$port"

n=0
scrape() { # -> $tmp/scrape.N.txt, the newest also in $tmp/scrape.txt
  n=$((n + 1))
  curl -sS --fail --max-time 5 "$base/metrics" >"$tmp/scrape.$n.txt" 2>"$tmp/curl.err" ||
    die "GET /metrics on 127.0.0.1:$port: $(head -1 "$tmp/curl.err")"
  cp "$tmp/scrape.$n.txt" "$tmp/scrape.txt"
}
# sample NAME [LABEL_SUBSTRING]: the value of the first matching sample of the last scrape.
sample() {
  awk -v name="$1" -v sub_="${2:-}" '
    { split($1, p, "{") }
    p[1] == name && (sub_ == "" || index($1, sub_)) { print $2; exit }' "$tmp/scrape.txt"
}
# wait_sample SECONDS NAME LABEL_SUBSTRING VALUE_TEST: scrape until the sample passes the awk
# test on v (e.g. "v >= 1"), or fail at the deadline.
wait_sample() {
  local until=$((SECONDS + $1)) v
  while :; do
    scrape
    v=$(sample "$2" "$3")
    [ -n "$v" ] && awk -v v="$v" "BEGIN { exit !($4) }" && return 0
    [ "$SECONDS" -lt "$until" ] || die "$2{$3} is \"$v\" after $1 s, wanted $4"
    sleep 0.2
  done
}
# swap_in SRC_DIR: publish SRC_DIR's files as a new version of $vol, as the kubelet does.
swap_in() {
  local version f
  version="..$(date -u +%Y_%m_%d_%H_%M_%S).$RANDOM$RANDOM"
  mkdir "$vol/$version"
  cp -p "$1"/* "$vol/$version/"
  chmod 0755 "$vol/$version"
  ln -s "$version" "$vol/..data_tmp"
  mv -T "$vol/..data_tmp" "$vol/..data"
  for f in "$vol/$version"/*; do ln -sfn "..data/$(basename "$f")" "$vol/$(basename "$f")"; done
}

for path in /healthz /readyz; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base$path" || true)
  [ "$code" = 200 ] || die "GET $path answered $code, expected 200"
done
scrape
[ "$(sample ats_guard_validation_passing)" = 1 ] ||
  die "ats_guard_validation_passing is \"$(sample ats_guard_validation_passing)\", expected 1 (the fixture passes production-financial)"

# A passing rotation: re-running the script publishes a fresh set through a ..data swap.
"$root/scripts/make-secrets-volume.sh" "$vol" >/dev/null 2>"$tmp/make.err" ||
  die "second make-secrets-volume.sh failed: $(head -3 "$tmp/make.err")"
collect_values
wait_sample 15 ats_guard_reloads_total 'result="success"' "v >= 1"
[ "$(sample ats_guard_validation_passing)" = 1 ] || die "the verdict is not 1 after a passing rotation"
[ -n "$(sample ats_guard_secret_changes_total)" ] || die "no ats_guard_secret_changes_total after a rotation"
deadline=$((SECONDS + 5))
until [ -s "$tmp/hups" ] || [ "$SECONDS" -ge "$deadline" ]; do sleep 0.1; done
[ "$(wc -l <"$tmp/hups")" = 1 ] || die "the stub got $(wc -l <"$tmp/hups") SIGHUPs after a passing rotation, expected 1"

# A failing rotation: a known default JWT secret (JWT-07, critical). The reload is withheld.
mkdir "$tmp/bad"
cp -pL "$vol/..data"/* "$tmp/bad/"
rm -f "$tmp/bad/jwt-secret"
printf '%s' "your-256-bit-secret" >"$tmp/bad/jwt-secret"
chmod 0440 "$tmp/bad/jwt-secret"
swap_in "$tmp/bad"
wait_sample 15 ats_guard_reloads_total 'result="skipped_invalid"' "v >= 1"
[ "$(sample ats_guard_validation_passing)" = 0 ] || die "the verdict is not 0 after a failing rotation"
[ "$(wc -l <"$tmp/hups")" = 1 ] || die "the stub got a SIGHUP for failing secrets"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/readyz" || true)
[ "$code" = 503 ] || die "GET /readyz answered $code on failing secrets, expected 503"
scrape # the last one, after the /readyz above

kill -TERM "$pid"
deadline=$((SECONDS + 5))
while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
kill -0 "$pid" 2>/dev/null && die "watch still running 5 s after SIGTERM"
rc=0
wait "$pid" || rc=$?
pid=""
[ "$rc" = 0 ] || die "watch exited $rc on SIGTERM, expected 0"

if grep -qF -f "$tmp/values" "$tmp"/scrape.*.txt "$tmp/stdout" "$tmp/stderr"; then
  echo "FAIL live scrape: a secret value appears in a scrape or in the binary's output"
  exit 1
fi

cp "$tmp/scrape.txt" "$out"
echo "ok   live scrape: $("$bin" version 2>/dev/null | head -1 | cut -d' ' -f1-2) on 127.0.0.1:$port, $n scrapes;" \
  "a passing rotation reloaded the stub, a failing one was withheld (/readyz 503); SIGTERM: exit 0;" \
  "$(grep -c '^# TYPE ' "$out") families kept"
