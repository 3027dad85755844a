#!/usr/bin/env bash
# The built-in demo: no cluster needed. Creates a secret volume laid out as the kubelet
# writes it, runs `ats-guard check` on it (strong secrets: passes), then on the ats-core
# guide's own sample configuration (placeholders, 100 rpm, sslmode=require: refused).
# Usage: scripts/demo.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
guard=${1:-build/ats-guard}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

banner() { printf '\n\033[1m==> %s\033[0m\n\n' "$*"; }

banner "1/2  Strong secrets from openssl, in a kubelet-style volume: $work/secrets"
scripts/make-secrets-volume.sh "$work/secrets" 3072
find "$work/secrets" -mindepth 1 -maxdepth 1 -type l -printf '  %f -> %l\n' | sort | sed -n '1,5p'
echo "  ... (one symlink per key, through ..data to the timestamped directory)"
echo
echo "\$ ats-guard check --template production-financial --secrets-dir $work/secrets"
set +e
mapfile -t production_env < <(grep -v '^#' tests/fixtures/production.env)
env -i PATH="$PATH" "${production_env[@]}" POD_NAME=ats-core-demo-0 \
  "$guard" check --template production-financial --secrets-dir "$work/secrets" \
  --termination-log "$work/termination-log" --audit-log stderr 2>"$work/audit-1.jsonl"
good=$?
set -e
echo "exit code: $good   (audit lines: $(wc -l <"$work/audit-1.jsonl"); the verdict line:)"
tail -n 1 "$work/audit-1.jsonl"

banner "2/2  The ats-core guide's own sample configuration (tests/fixtures/guide-sample.env)"
sed 's/^/    /' tests/fixtures/guide-sample.env
echo
echo "\$ ats-guard check --template production-financial"
set +e
mapfile -t sample_env < <(grep -v '^#' tests/fixtures/guide-sample.env)
env -i PATH="$PATH" "${sample_env[@]}" \
  "$guard" check --template production-financial \
  --termination-log "$work/termination-log" --audit-log off
bad=$?
set -e
echo "exit code: $bad"
echo
echo "What \`kubectl describe pod\` would show as the init container's termination message:"
sed 's/^/    /' "$work/termination-log"

if [[ $good -ne 0 || $bad -ne 1 ]]; then
  echo "demo: unexpected exit codes ($good, $bad); expected 0 then 1" >&2
  exit 1
fi
banner "Demo done: strong secrets pass (exit 0); the guide's sample is refused (exit 1)."
