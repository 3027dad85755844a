#!/usr/bin/env bash
# Emergency rotation of every ats-core secret, then a rolling restart of ats-core.
# Run with --help for the options. Never prints a secret value.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: emergency-rotation.sh [options]

For a suspected compromise: replaces every generated secret of the ats-core Secret with a
fresh value, keeps the keys it does not generate (db-ca.crt, tls.crt, tls.key, ca.crt, ...),
applies the Secret, then restarts the Deployment and waits for the rollout.

  rotated:  jwt-secret, jwt-private-key.pem + jwt-public-key.pem + jwks.json (the old signing
            key is assumed compromised and is NOT kept: tokens it signed stop verifying),
            encryption-key, db-password, and their <key>.created-at
  kept:     every other key of the existing Secret, byte for byte

The database password lives in two places. Rotating it needs --db-password-hook CMD, run
with the new password on its standard input before the Secret changes (for example
  --db-password-hook 'psql "$ADMIN_URL" -c "\password ats"'   or a script of your own),
or --keep db-password. Without either the script refuses to start.

Data encrypted at rest with the old encryption-key must be re-encrypted by ats-core; if it
cannot, pass --keep encryption-key and rotate that key in a planned migration.

Options:
  -n, --namespace NS       namespace (default: the current context's)
      --name NAME          Secret name (default: ats-core-secrets)
      --deployment NAME    Deployment to restart (default: ats-core)
      --context CTX        kubectl context
      --keep KEY           do not rotate KEY: jwt-secret, jwt-key, encryption-key, db-password
                           (repeatable)
      --db-password-hook CMD   command that sets the new database password (stdin)
      --rsa-bits N         3072 or 4096 (default: 3072)
      --timeout DURATION   rollout wait (default: 10m)
      --no-restart         apply the Secret only (the ats-guard sidecar reloads ats-core
                           once the kubelet has delivered the new files)
      --yes                do not ask for confirmation (required without a terminal)
      --dry-run            generate, then print the plan; touches no cluster, prints names
                           and sizes only
  -h, --help               this help

Environment: KUBECTL (default: kubectl).
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/generate.sh
. "$here/lib/generate.sh"

namespace="" name="ats-core-secrets" deployment="ats-core" context="" rsa_bits=3072
timeout=10m restart=1 yes=0 dry_run=0 db_hook=""
keep=()
need_arg() { if [ "$#" -lt 2 ] || [ -z "$2" ]; then echo "error: $1 needs a value" >&2; exit 2; fi; }
while [ "$#" -gt 0 ]; do
  case "$1" in
    -n | --namespace) need_arg "$@"; namespace=$2; shift 2 ;;
    --name) need_arg "$@"; name=$2; shift 2 ;;
    --deployment) need_arg "$@"; deployment=$2; shift 2 ;;
    --context) need_arg "$@"; context=$2; shift 2 ;;
    --keep)
      need_arg "$@"
      case "$2" in jwt-secret | jwt-key | encryption-key | db-password) keep+=("$2") ;;
        *) echo "error: --keep takes jwt-secret, jwt-key, encryption-key or db-password" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --db-password-hook) need_arg "$@"; db_hook=$2; shift 2 ;;
    --rsa-bits) need_arg "$@"; rsa_bits=$2; shift 2 ;;
    --timeout) need_arg "$@"; timeout=$2; shift 2 ;;
    --no-restart) restart=0; shift ;;
    --yes) yes=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$rsa_bits" in 3072 | 4096) ;; *) echo "error: --rsa-bits must be 3072 or 4096" >&2; exit 2 ;; esac
kept() { local k; for k in "${keep[@]+"${keep[@]}"}"; do [ "$k" = "$1" ] && return 0; done; return 1; }
if ! kept db-password && [ -z "$db_hook" ]; then
  echo "error: rotating db-password needs --db-password-hook CMD (changes it in the database) or --keep db-password" >&2
  exit 2
fi
require_tools openssl basenc perl
kubectl=${KUBECTL:-kubectl}
[ "$dry_run" = 1 ] || require_tools "$kubectl"
kargs=()
[ -n "$context" ] && kargs+=(--context "$context")
[ -n "$namespace" ] && kargs+=(--namespace "$namespace")
kc() { "$kubectl" "${kargs[@]+"${kargs[@]}"}" "$@"; }

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/new" "$work/secret"

# 1. Fresh values for everything that is rotated.
generate_all "$work/new" "$rsa_bits"
rotated=()
take() { local f; for f in "$@"; do mv "$work/new/$f" "$work/secret/$f"; rotated+=("$f"); done; }
kept jwt-secret || take jwt-secret jwt-secret.created-at
kept jwt-key || take jwt-private-key.pem jwt-private-key.pem.created-at jwt-public-key.pem jwks.json
kept encryption-key || take encryption-key encryption-key.created-at
kept db-password || take db-password db-password.created-at
[ "${#rotated[@]}" -gt 0 ] || { echo "error: every key is kept: nothing to rotate" >&2; exit 2; }

target="Secret ${namespace:+$namespace/}$name"
if [ "$dry_run" = 1 ]; then
  echo "dry run: would rotate in $target (new values generated, not shown):"
  describe_files "$work/secret"
  echo "would keep every other key of $target unchanged"
  kept db-password || echo "would run the --db-password-hook with the new db-password on stdin, before the Secret changes"
  echo "would run: ${kubectl}${kargs[*]:+ ${kargs[*]}} create secret generic $name --from-file=<rotated and kept keys> --dry-run=client -o yaml | ${kubectl}${kargs[*]:+ ${kargs[*]}} apply -f -"
  if [ "$restart" = 1 ]; then
    echo "would run: ${kubectl}${kargs[*]:+ ${kargs[*]}} rollout restart deployment/$deployment"
    echo "would run: ${kubectl}${kargs[*]:+ ${kargs[*]}} rollout status deployment/$deployment --timeout $timeout"
  fi
  exit 0
fi

# 2. The keys this script does not generate are copied from the live Secret, byte for byte.
kc get secret "$name" >/dev/null || { echo "error: $target not found (create it with create-secrets.sh)" >&2; exit 1; }
# shellcheck disable=SC2016 # a Go template, not a shell expansion
keys=$(kc get secret "$name" -o go-template='{{range $k, $v := .data}}{{$k}}{{"\n"}}{{end}}')
preserved=0
while IFS= read -r key; do
  [ -n "$key" ] || continue
  [ -e "$work/secret/$key" ] && continue
  [ -e "$work/new/$key" ] && continue # generated, but --keep: keep the live one
  case "$key" in */* | .*) echo "error: unexpected key name in $target" >&2; exit 1 ;; esac
  kc get secret "$name" -o go-template="{{index .data \"$key\" | base64decode}}" >"$work/secret/$key"
  preserved=$((preserved + 1))
done <<<"$keys"
# Kept generated keys: the live values.
for f in "$work"/new/*; do
  key=$(basename "$f")
  if grep -qxF -- "$key" <<<"$keys"; then
    kc get secret "$name" -o go-template="{{index .data \"$key\" | base64decode}}" >"$work/secret/$key"
    preserved=$((preserved + 1))
  fi
done

echo "About to rotate in $target: ${rotated[*]}"
echo "and keep $preserved other key(s)$([ "$restart" = 1 ] && echo ", then restart deployment/$deployment")."
if [ "$yes" = 0 ]; then
  if [ ! -t 0 ]; then echo "error: no terminal to confirm on: pass --yes" >&2; exit 2; fi
  read -r -p "Type 'rotate' to go on: " answer
  [ "$answer" = rotate ] || { echo "aborted" >&2; exit 1; }
fi

# 3. The database first: the new password must be valid before ats-core is given it.
if ! kept db-password; then
  echo "running the db-password hook"
  sh -c "$db_hook" <"$work/secret/db-password" || { echo "error: --db-password-hook failed; the Secret is unchanged" >&2; exit 1; }
fi

# 4. The Secret, from files (values never in argv or on the terminal).
from_files=()
for f in "$work"/secret/*; do from_files+=("--from-file=$(basename "$f")=$f"); done
kc create secret generic "$name" "${from_files[@]}" --dry-run=client -o yaml | kc apply -f - >/dev/null
echo "$target updated:"
describe_files "$work/secret"

# 5. Restart: new pods run the init check on the new values before they take traffic.
if [ "$restart" = 1 ]; then
  kc rollout restart "deployment/$deployment"
  kc rollout status "deployment/$deployment" --timeout "$timeout"
fi
echo "done. Check the verdict: kubectl logs -l app.kubernetes.io/name=ats-core -c ats-guard-check"
