#!/usr/bin/env bash
# Builds the ats-guard image with podman from the real Dockerfile and runs it the way the
# cluster does: read-only root filesystem, no capabilities, UID/GID 1001, no network.
#
#   - base image: Debian 12 minbase made with mmdebstrap (cached in tests/container/.work),
#     imported as docker.io/library/debian:bookworm-slim, so the build pulls nothing
#   - image metadata: USER 1001:1001, exec-form ENTRYPOINT, CMD check, EXPOSE 9464; size
#   - `check` on a good fixture volume (made by deploy/scripts/create-secrets.sh, laid out
#     like a kubelet secret volume) exits 0; on a bad one exits 1 and writes the termination
#     log; a usage error exits 2; no secret value appears in any output
#   - `watch` serves /healthz, /readyz (200 good, 503 bad) and /metrics on a free loopback
#     port, and exits cleanly on SIGTERM; the scrape is kept in .work/scrape.txt
#     (tests/deploy/run.sh --scrape tests/container/.work/scrape.txt checks the dashboard
#     against it)
#
# Usage: tests/container/run.sh       (root; installs podman, runc, mmdebstrap, curl, ...)
# Env:   ATS_CONTAINER_KEEP=1 keeps the podman storage in the temp dir for inspection.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$here/.work"
image=localhost/ats-guard:test
started=$(date +%s)
passed=0
failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
finish() {
  echo
  echo "tests/container: $(($(date +%s) - started)) s"
  echo "container: $passed passed, $failed failed"
  exit $((failed > 0))
}

# --- tools ------------------------------------------------------------------------------------
missing=()
for t in podman:podman runc:runc mmdebstrap:mmdebstrap curl:curl openssl:openssl promtool:prometheus \
  basenc:coreutils perl:perl-base; do
  command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "FAIL setup: need root to install ${missing[*]}"; exit 1; }
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -f "$root/src/main.cpp" ] || [ ! -f "$root/CMakeLists.txt" ]; then
  echo "FAIL setup: no C++ sources (src/main.cpp, CMakeLists.txt): the image cannot be built"
  exit 1
fi

mkdir -p "$work"
tmp=$(mktemp -d /var/tmp/ats-guard-container.XXXXXX)
# podman as TOOLING.md prescribes: runc, cgroupfs, file events, explicit ulimits, private
# storage (vfs) under the temp dir. Nothing touches the machine's own container storage.
cat >"$tmp/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF="$tmp/containers.conf"
pm() { podman --root "$tmp/root" --runroot "$tmp/runroot" --storage-driver vfs "$@"; }
# shellcheck disable=SC2317 # called through the EXIT trap
cleanup() {
  pm rm -f -t 0 ats-guard-watch-good ats-guard-watch-bad >/dev/null 2>&1 || true
  if [ "${ATS_CONTAINER_KEEP:-0}" = 1 ]; then echo "kept podman storage in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# --- base image and build -----------------------------------------------------------------------
# The cached base is refreshed weekly so security updates reach the image.
if [ ! -s "$work/base.tar" ] || [ -n "$(find "$work/base.tar" -mtime +7)" ]; then
  echo "making the Debian 12 base with mmdebstrap"
  rm -f "$work/base.tmp.tar"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$work/base.tmp.tar"
  mv "$work/base.tmp.tar" "$work/base.tar"
fi
pm import -q "$work/base.tar" docker.io/library/debian:bookworm-slim >/dev/null
build_start=$(date +%s)
# --layers=false: the storage is thrown away after the run, so cached intermediate images
# would only cost time and disk (vfs stores each one as a full copy).
if pm build --pull=never --network host --layers=false -t "$image" -f "$root/Dockerfile" "$root" >"$work/build.log" 2>&1; then
  pass "podman build from the real Dockerfile ($(($(date +%s) - build_start)) s)"
else
  fail "podman build (last lines of tests/container/.work/build.log):"
  tail -20 "$work/build.log" | sed 's/^/     /'
  finish
fi
size=$(pm image inspect --format '{{.Size}}' "$image")
base_size=$(pm image inspect --format '{{.Size}}' docker.io/library/debian:bookworm-slim)
echo "image size: $((size / 1000000)) MB ($((size - base_size)) bytes over the $((base_size / 1000000)) MB base)"
echo "runtime packages: $(awk '/^runtime packages:/ { f = 1; next } f && /^[a-z0-9][a-z0-9.+-]*$/ { printf "%s ", $0; next } f { exit }' "$work/build.log")"

meta=$(pm image inspect --format '{{.Config.User}}|{{json .Config.Entrypoint}}|{{json .Config.Cmd}}|{{json .Config.ExposedPorts}}|{{index .Config.Labels "org.opencontainers.image.title"}}' "$image")
if [ "$meta" = '1001:1001|["/usr/local/bin/ats-guard"]|["check"]|{"9464/tcp":{}}|ats-guard' ]; then
  pass "image metadata: USER 1001:1001, exec-form ENTRYPOINT, CMD check, EXPOSE 9464, OCI labels"
else
  fail "image metadata: $meta"
fi

# Hardened run flags, as in the pod: read-only root, no capabilities, UID/GID 1001.
hard=(--rm --read-only --cap-drop=ALL --user 1001:1001 --security-opt no-new-privileges)

if out=$(pm run "${hard[@]}" --network none "$image" version 2>&1); then
  pass "version runs hardened with no network: $(head -1 <<<"$out")"
else
  fail "version: $out"
fi

# --- fixtures ---------------------------------------------------------------------------------------
# A kubelet-style secret volume: files in ..<timestamp>.<random>/, ..data symlink, one
# symlink per key, group 1001 and 0440 as with fsGroup (K8S-VOLUMES.md).
kubelet_volume() { # SRC_DIR DEST_DIR
  local src=$1 dst=$2 ts f
  rm -rf "$dst" && mkdir -p "$dst"
  ts="..$(date -u +%Y_%m_%d_%H_%M_%S).$RANDOM$RANDOM"
  mkdir "$dst/$ts"
  cp "$src"/* "$dst/$ts/"
  ln -s "$ts" "$dst/..data"
  for f in "$src"/*; do ln -s "..data/$(basename "$f")" "$dst/$(basename "$f")"; done
  chgrp -R 1001 "$dst"
  chmod 0440 "$dst/$ts"/*
  chmod 2755 "$dst/$ts"
  chmod 0755 "$dst"
}
fx="$tmp/fixtures"
mkdir -p "$fx"
"$root/deploy/scripts/create-secrets.sh" --out-dir "$fx/good-src" >/dev/null 2>"$fx/create.err" ||
  { fail "create-secrets.sh --out-dir: $(cat "$fx/create.err")"; finish; }
openssl req -x509 -newkey rsa:3072 -nodes -keyout "$fx/db-ca.key" -out "$fx/good-src/db-ca.crt" \
  -subj "/CN=ats-db-ca" -days 365 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
kubelet_volume "$fx/good-src" "$fx/good"
# Bad: a known default JWT secret (JWT-07, critical), a 32-hex encryption key (ENC-02).
cp -r "$fx/good-src" "$fx/bad-src"
printf '%s' "your-256-bit-secret" >"$fx/bad-src/jwt-secret"
printf '%s' "0123456789abcdef0123456789abcdef" >"$fx/bad-src/encryption-key"
kubelet_volume "$fx/bad-src" "$fx/bad"

# The settings a production-financial ats-core gets (same as the Helm chart's defaults).
envs=(-e ATS_ENVIRONMENT=production -e ATS_JWT_ALGORITHM=RS256 -e ATS_JWT_EXPIRY_SECONDS=900
  -e ATS_ENCRYPT_AT_REST=true -e ATS_ENCRYPT_IN_TRANSIT=true -e ATS_DB_SSL_MODE=verify-full
  -e ATS_RATE_LIMIT_RPM=60 -e ATS_MAX_BODY_SIZE=1048576 -e ATS_LOG_LEVEL=info
  -e ATS_SECURITY_AUDIT_ENABLED=true)
mnt=/var/run/secrets/ats
# /dev/termination-log as the kubelet provides it: a file the container user may write.
termlog() { : >"$fx/termlog-$1"; chown 1001:1001 "$fx/termlog-$1"; echo "$fx/termlog-$1:/dev/termination-log:rw"; }

run_check() { # NAME FIXTURE -> exit code; output in $fx/check-NAME.out
  local rc=0
  pm run "${hard[@]}" --network none -v "$fx/$2:$mnt:ro" -v "$(termlog "$1")" "${envs[@]}" "$image" \
    check --template production-financial --secrets-dir "$mnt" >"$fx/check-$1.out" 2>&1 || rc=$?
  echo "$rc"
}
rc=$(run_check good good)
if [ "$rc" = 0 ]; then
  pass "check passes on the good volume (exit 0); its last lines:"
  tail -3 "$fx/check-good.out" | cut -c1-200 | sed 's/^/     /'
else
  fail "check on the good volume exited $rc, expected 0:"
  sed 's/^/     /' "$fx/check-good.out" | head -30
fi
rc=$(run_check bad bad)
if [ "$rc" = 1 ]; then
  pass "check fails on the bad volume (exit 1); its last lines:"
  tail -3 "$fx/check-bad.out" | cut -c1-200 | sed 's/^/     /'
else
  fail "check on the bad volume exited $rc, expected 1:"
  sed 's/^/     /' "$fx/check-bad.out" | head -30
fi
if [ -s "$fx/termlog-bad" ] && [ "$(wc -c <"$fx/termlog-bad")" -le 4096 ]; then
  pass "check writes its summary to /dev/termination-log ($(wc -c <"$fx/termlog-bad") bytes)"
else
  fail "termination log after a failing check: $(wc -c <"$fx/termlog-bad") bytes (want 1..4096)"
fi
rc=0
pm run "${hard[@]}" --network none "$image" check --template no-such-template >"$fx/check-usage.out" 2>&1 || rc=$?
if [ "$rc" = 2 ]; then pass "check with an unknown template exits 2"; else fail "check --template no-such-template exited $rc, expected 2"; fi
rc=0
pm run "${hard[@]}" --network none -v "$fx/good:$mnt:ro" "${envs[@]}" "$image" \
  check --template production-financial --secrets-dir "$mnt" --format json >"$fx/check-json.out" 2>/dev/null || rc=$?
if [ "$rc" = 0 ] && grep -q '{' "$fx/check-json.out"; then pass "check --format json on the good volume"; else fail "check --format json exited $rc"; fi

# --- watch ------------------------------------------------------------------------------------------
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}
# wait_http URL CODE SECONDS: polls until URL answers CODE; prints the last code.
wait_http() {
  local url=$1 want=$2 deadline=$(($(date +%s) + $3)) code=000
  while [ "$(date +%s)" -lt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [ "$code" = "$want" ] && break
    sleep 0.2
  done
  echo "$code"
}
start_watch() { # NAME FIXTURE PORT
  pm run -d --name "ats-guard-watch-$1" --read-only --cap-drop=ALL --user 1001:1001 \
    --security-opt no-new-privileges --network host -v "$fx/$2:$mnt:ro" "${envs[@]}" "$image" \
    watch --template production-financial --secrets-dir "$mnt" --reload none --listen "127.0.0.1:$3" >/dev/null
}

port=$(free_port) || { fail "no free loopback port"; finish; }
start_watch good good "$port"
code=$(wait_http "http://127.0.0.1:$port/readyz" 200 30)
if [ "$code" = 200 ]; then
  pass "watch serves /readyz 200 on the good volume (127.0.0.1:$port)"
else
  fail "watch /readyz answered $code within 30 s, expected 200; log:"
  pm logs ats-guard-watch-good 2>&1 | tail -20 | sed 's/^/     /'
fi
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" || true)
if [ "$code" = 200 ]; then pass "watch serves /healthz 200"; else fail "/healthz answered $code"; fi
rm -f "$work/scrape.txt"
if curl -sf --max-time 5 "http://127.0.0.1:$port/metrics" >"$work/scrape.tmp" &&
  grep -Eq '^ats_guard_validation_passing(\{[^}]*\})? 1(\.0+)?$' "$work/scrape.tmp"; then
  mv "$work/scrape.tmp" "$work/scrape.txt"
  pass "watch /metrics reports ats_guard_validation_passing 1 (scrape kept in tests/container/.work/scrape.txt)"
  if promtool check metrics <"$work/scrape.txt" >"$fx/promtool.out" 2>&1; then
    pass "promtool check metrics on the live scrape"
  else
    fail "promtool check metrics: $(head -5 "$fx/promtool.out" | tr '\n' ' ')"
  fi
else
  rm -f "$work/scrape.tmp"
  fail "/metrics has no ats_guard_validation_passing 1 (so no scrape to lint with promtool)"
fi
t0=$(date +%s%N)
pm stop -t 5 ats-guard-watch-good >/dev/null
ms=$((($(date +%s%N) - t0) / 1000000))
code=$(pm inspect --format '{{.State.ExitCode}}' ats-guard-watch-good)
if [ "$code" = 0 ] && [ "$ms" -lt 2000 ]; then
  pass "watch exits 0 on SIGTERM (${ms} ms)"
else
  fail "watch on SIGTERM: exit $code after ${ms} ms (want 0 within 1 s)"
fi
pm rm -f ats-guard-watch-good >/dev/null

port=$(free_port) || { fail "no free loopback port"; finish; }
start_watch bad bad "$port"
code=$(wait_http "http://127.0.0.1:$port/healthz" 200 30)
# /readyz is 503 before the first evaluation too: wait for the evaluation, then expect 503.
evaluated=0
for _ in $(seq 100); do
  curl -sf --max-time 2 "http://127.0.0.1:$port/metrics" 2>/dev/null | grep -Eq '^ats_guard_validation_passing(\{[^}]*\})? 0' && { evaluated=1; break; }
  sleep 0.2
done
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readyz" || true)
if [ "$evaluated" = 1 ] && [ "$code" = 503 ]; then
  pass "watch on the bad volume: validation_passing 0 and /readyz 503"
else
  fail "watch on the bad volume: evaluated=$evaluated, /readyz $code (want 503)"
fi
pm logs ats-guard-watch-bad >"$fx/watch-bad.out" 2>&1 || true
pm rm -f -t 2 ats-guard-watch-bad >/dev/null

# --- no value in any output -------------------------------------------------------------------------
values="$fx/values"
for k in jwt-secret encryption-key db-password; do cat "$fx/good-src/$k"; echo; done >"$values"
grep -v -- '-----' "$fx/good-src/jwt-private-key.pem" | head -3 >>"$values"
outputs=("$fx"/check-*.out "$fx"/termlog-* "$fx/watch-bad.out")
[ -f "$work/scrape.txt" ] && outputs+=("$work/scrape.txt")
leaks=$(grep -lF -f "$values" "${outputs[@]}" || true)
if [ -z "$leaks" ]; then pass "no secret value in any output, termination log or scrape"; else fail "secret values in: $leaks"; fi

finish
