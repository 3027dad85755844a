#!/usr/bin/env bash
# Every test suite, in order; what `make test` and CI (.ci/run) run.
# Each suite installs what it needs; the first failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { echo; echo "=== $* ($((SECONDS - start)) s)"; }

step "install test tools (nginx-light, inotify-tools, ...)"
scripts/install-deps.sh build test

step "build and run unit + integration tests (watch: real inotify, signals, webhooks, nginx)"
make unit

step "deployment: Helm matrix, schemas, kustomize, alert rules, dashboard vs a live scrape, scripts"
# make unit built build/ats-guard: the dashboard/alert check must scrape it, never fall back.
tests/deploy/run.sh --binary build/ats-guard --require-live

step "container image: podman build of the Dockerfile, hardened check and watch runs (HTTP, HTTPS)"
tests/container/run.sh

step "reliability: soak, faults, 1,000 connections, leak harness, ASan + UBSan, TSan, valgrind, fuzzing"
# Writes the report CI shows to build/ (tests/RELIABILITY.md is the committed copy).
tests/reliability/run.sh --out build/RELIABILITY.md --fuzz-seconds "${FUZZ_SECONDS:-30}"

echo
echo "=== all suites passed in $((SECONDS - start)) s"
