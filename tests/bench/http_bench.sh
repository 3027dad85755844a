#!/usr/bin/env bash
# Benchmark of the sidecar's HTTP server (issue 4), run by hand:
#   tests/bench/http_bench.sh [BUILD_DIR]        (default: build)
# Serves a production-like StatusBoard (tests/bench/http_bench_server.cpp) on loopback and
# prints: requests/s and latency percentiles of `wrk -t2 -c16 -d10s --latency` on /metrics
# and /healthz, and RSS / RssAnon before and after 100,000 requests (hey -n 100000 -c 16).
# THREADS=N picks the number of event loops, METRICS_CACHE_MS=N how long a /metrics
# rendering is reused (both default to the server's defaults; METRICS_CACHE_MS=0 renders
# every scrape).
# Reference (configmap-reload, Go, same machine class): 5,000-6,400 req/s on a 7 KB
# /metrics at p99 8 ms; RSS 7.3 -> 15.2 MB (RssAnon 1.1 -> 7.5 MB).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
scripts/install-deps.sh bench
make build BUILD="$build" >/dev/null  # the shipped configuration (Makefile)

args=()
[[ -n "${THREADS:-}" ]] && args+=(--threads "$THREADS")
[[ -n "${METRICS_CACHE_MS:-}" ]] && args+=(--metrics-cache-ms "$METRICS_CACHE_MS")
coproc server { exec "$build/tests/atsguard_http_bench_server" "${args[@]}" 2>/dev/null; }
# shellcheck disable=SC2154 # coproc defines server_PID
pid=$server_PID
# shellcheck disable=SC1083 # {server[1]}>&- closes the coprocess's input (bash syntax)
trap 'exec {server[1]}>&-; wait "$pid" 2>/dev/null || true' EXIT
read -r -u "${server[0]}" port
base=http://127.0.0.1:$port

memory() { awk '/^(VmRSS|RssAnon):/ {printf "%s %.1f MiB  ", $1, $2 / 1024}' "/proc/$pid/status"; echo; }

echo "== server pid $pid on $base (nproc $(nproc))"
echo "/metrics: $(curl -s "$base/metrics" | wc -c) bytes, $(curl -s "$base/metrics" | grep -vc '^#') samples"
curl -sf "$base/healthz" >/dev/null
echo "== memory at start:          $(memory)"
hey -n 100000 -c 16 "$base/metrics" | grep -E "Requests/sec|99%|Status code|\[2" | sed 's/^/   /'
echo "== after 100,000 /metrics:   $(memory)"
for path in /metrics /healthz; do
  echo "== wrk -t2 -c16 -d10s --latency $base$path"
  wrk -t2 -c16 -d10s --latency "$base$path" |
    grep -E "Latency |50%|90%|99%|requests in|Requests/sec|Non-2xx|Socket errors" | sed 's/^/   /'
done
echo "== after the wrk runs:       $(memory)"
