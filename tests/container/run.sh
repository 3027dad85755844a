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
#   - `watch` as the Helm chart runs it with guard.sidecar.tls and an auth token: the
#     certificate and the token from read-only kubelet-style volumes (group 1001, 0440),
#     --listen [::1]:PORT (the bracketed form the chart renders for IPv6), TLS 1.3 only; the
#     probes answer over HTTPS without a token and beyond --rate-limit-rpm, /metrics wants
#     the token and is rate limited, plain HTTP and TLS 1.2 are refused
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
  pm rm -f -t 0 ats-guard-watch-good ats-guard-watch-bad ats-guard-watch-tls >/dev/null 2>&1 || true
  if [ "${ATS_CONTAINER_KEEP:-0}" = 1 ]; then echo "kept podman storage in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# --- base image and build -----------------------------------------------------------------------
# A stand-in for debian:bookworm-slim: minbase, /usr merged by mmdebstrap's hook rather than
# the usrmerge package (which drags in perl), the slim image's dpkg path excludes (no man
# pages, docs but copyrights, info, locales) and no apt lists or caches, so the image size
# printed below is close to what the real base gives. The excludes stay in the image
# (/etc/dpkg/dpkg.cfg.d), as in the real one, and so apply to the Dockerfile's installs.
# The cache is rebuilt weekly (security updates) and whenever this recipe changes.
# shellcheck disable=SC2016 # "$1" is expanded by mmdebstrap: the root of the new system
slim=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/lintian/*' --dpkgopt='path-exclude=/usr/share/linda/*'
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb "$1"/var/log/apt/* "$1"/var/log/dpkg.log')
recipe="minbase bookworm ${slim[*]}"
if [ ! -s "$work/base.tar" ] || [ -n "$(find "$work/base.tar" -mtime +7)" ] ||
  [ "$(cat "$work/base.recipe" 2>/dev/null)" != "$recipe" ]; then
  echo "making the Debian 12 base with mmdebstrap"
  rm -f "$work/base.tmp.tar"
  if ! mmdebstrap --quiet --variant=minbase "${slim[@]}" bookworm "$work/base.tmp.tar" >"$work/mmdebstrap.log" 2>&1; then
    echo "FAIL setup: mmdebstrap (last lines of tests/container/.work/mmdebstrap.log):"
    tail -15 "$work/mmdebstrap.log" | sed 's/^/     /'
    exit 1
  fi
  mv "$work/base.tmp.tar" "$work/base.tar"
  printf '%s' "$recipe" >"$work/base.recipe"
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
harden=(--read-only --cap-drop=ALL --user 1001:1001 --security-opt no-new-privileges)
hard=(--rm "${harden[@]}")

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
# wait_http URL CODE SECONDS [CURL_ARGS...]: polls until URL answers CODE; prints the last code.
wait_http() {
  local url=$1 want=$2 deadline=$(($(date +%s) + $3)) code=000
  shift 3 # further arguments go to curl
  while [ "$(date +%s)" -lt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)
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

# --- watch over HTTPS with a bearer token and a rate limit, as the chart configures it ------------
# The serving certificate (an EC P-256 CA and a leaf for the loopback names) and the token,
# each in its own read-only volume like the chart's ats-guard-tls / ats-guard-auth Secrets.
mkdir -p "$fx/tls-src" "$fx/auth-src"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$fx/ca.key" -out "$fx/ca.crt" \
  -subj "/CN=ats-guard-test-ca" -days 2 -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$fx/tls-src/tls.key" \
  -out "$fx/tls.csr" -subj "/CN=ats-guard" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$fx/tls.ext"
openssl x509 -req -in "$fx/tls.csr" -CA "$fx/ca.crt" -CAkey "$fx/ca.key" -CAcreateserial -days 2 \
  -extfile "$fx/tls.ext" -out "$fx/tls-src/tls.crt" 2>/dev/null
openssl rand -hex 32 | tr -d '\n' >"$fx/auth-src/token"
kubelet_volume "$fx/tls-src" "$fx/tls"
kubelet_volume "$fx/auth-src" "$fx/auth"
# The chart renders [IPv6]:PORT for an IPv6 listenAddress: exercise that form on ::1 when
# the loopback has IPv6, else say so and use 127.0.0.1.
if grep -q '^0\{31\}1 .* lo$' /proc/net/if_inet6 2>/dev/null; then
  host="[::1]"
else
  host="127.0.0.1"
  echo "NOTE no IPv6 on the loopback: the [IPv6]:PORT form of --listen is not exercised here"
fi
port=$(free_port) || { fail "no free loopback port"; finish; }
pm run -d --name ats-guard-watch-tls "${harden[@]}" --network host -v "$fx/good:$mnt:ro" \
  -v "$fx/tls:/var/run/secrets/ats-guard-tls:ro" -v "$fx/auth:/var/run/secrets/ats-guard-auth:ro" \
  "${envs[@]}" "$image" watch --template production-financial --secrets-dir "$mnt" --reload none \
  --listen "$host:$port" --tls-cert /var/run/secrets/ats-guard-tls/tls.crt \
  --tls-key /var/run/secrets/ats-guard-tls/tls.key --tls-min-version 1.3 \
  --auth-token-file /var/run/secrets/ats-guard-auth/token --rate-limit-rpm 2 >/dev/null
tls=(--cacert "$fx/ca.crt")
base="https://$host:$port"
code=$(wait_http "$base/readyz" 200 30 "${tls[@]}")
if [ "$code" = 200 ]; then
  pass "watch serves /readyz over HTTPS on --listen $host:$port (certificate verified, TLS 1.3 only)"
else
  fail "watch over HTTPS: /readyz answered $code within 30 s; log:"
  pm logs ats-guard-watch-tls 2>&1 | tail -10 | cut -c1-200 | sed 's/^/     /'
fi
# Probes: open, never limited (10 of each at 2 requests/min).
codes=""
for _ in $(seq 10); do
  for path in /healthz /readyz; do
    codes+="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${tls[@]}" "$base$path" || true) "
  done
done
if [ "$(tr ' ' '\n' <<<"$codes" | grep -c '^200$')" = 20 ]; then
  pass "20 probes without a token at --rate-limit-rpm 2: all 200 (probes are neither authenticated nor limited)"
else
  fail "probes over HTTPS at --rate-limit-rpm 2: $codes(want twenty 200s)"
fi
# /metrics: 401 without the token, 200 with it, then 429 (the third request of the minute).
auth_header="$fx/auth-header"
printf 'Authorization: Bearer %s' "$(cat "$fx/auth-src/token")" >"$auth_header"
m1=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${tls[@]}" "$base/metrics" || true)
m2=$(curl -s -o "$fx/scrape-tls.txt" -w '%{http_code}' --max-time 2 "${tls[@]}" -H "@$auth_header" "$base/metrics" || true)
m3=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${tls[@]}" -H "@$auth_header" "$base/metrics" || true)
if [ "$m1/$m2/$m3" = 401/200/429 ] && grep -q '^ats_guard_validation_passing 1' "$fx/scrape-tls.txt"; then
  pass "/metrics: 401 without the token, 200 with it, 429 past the rate limit"
else
  fail "/metrics without token, with token, again: $m1/$m2/$m3 (want 401/200/429)"
fi
plain=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$host:$port/healthz" || true)
tls12=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${tls[@]}" --tls-max 1.2 "$base/healthz" || true)
if [ "$plain" != 200 ] && [ "$tls12" = 000 ]; then
  pass "plain HTTP and TLS 1.2 are refused on the TLS 1.3 listener"
else
  fail "on the TLS 1.3 listener: plain HTTP answered $plain, TLS 1.2 answered $tls12 (want no 200, no handshake)"
fi
pm logs ats-guard-watch-tls >"$fx/watch-tls.out" 2>&1 || true
pm rm -f -t 2 ats-guard-watch-tls >/dev/null

# --- no value in any output -------------------------------------------------------------------------
values="$fx/values"
for k in jwt-secret encryption-key db-password; do cat "$fx/good-src/$k"; echo; done >"$values"
grep -v -- '-----' "$fx/good-src/jwt-private-key.pem" | head -3 >>"$values"
{ cat "$fx/auth-src/token"; echo; grep -v -- '-----' "$fx/tls-src/tls.key" | head -1; } >>"$values"
outputs=("$fx"/check-*.out "$fx"/termlog-* "$fx/watch-bad.out" "$fx/watch-tls.out" "$fx/scrape-tls.txt")
[ -f "$work/scrape.txt" ] && outputs+=("$work/scrape.txt")
leaks=$(grep -lF -f "$values" "${outputs[@]}" || true)
if [ -z "$leaks" ]; then pass "no secret value in any output, termination log or scrape"; else fail "secret values in: $leaks"; fi

finish
