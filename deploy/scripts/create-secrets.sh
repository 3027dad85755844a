#!/usr/bin/env bash
# Creates the Kubernetes Secret of ats-core with strong, freshly generated values.
# Run with --help for the options. Never prints a secret value.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: create-secrets.sh [options]

Generates the secrets of ats-core and creates the Kubernetes Secret that the Helm chart
(guard.secrets.existingSecret) and the kustomize base (ats-core-secrets) mount:

  jwt-secret            88 characters of unwrapped base64 (64 random bytes)
  jwt-private-key.pem   RSA key (3072 bits by default), PKCS#8
  jwt-public-key.pem    its public key
  jwks.json             the public key as a JWKS (kid = RFC 7638 thumbprint)
  encryption-key        64 hex characters (AES-256)
  db-password           32 characters [A-Za-z0-9]
  <key>.created-at      RFC 3339 creation time of each generated key
  db-ca.crt, tls.crt, tls.key, ca.crt   copied from files you give (optional)

The Secret is applied with
  kubectl create secret generic NAME --from-file=... --dry-run=client -o yaml | kubectl apply -f -
An existing Secret is never overwritten without --force (use emergency-rotation.sh to rotate).

Options:
  -n, --namespace NS     namespace (default: the current context's)
      --name NAME        Secret name (default: ats-core-secrets)
      --context CTX      kubectl context
      --rsa-bits N       3072 or 4096 (default: 3072)
      --db-ca FILE       database root CA (PEM), stored as db-ca.crt; production-financial
                         requires it with ATS_DB_SSL_MODE=verify-full (DB-02)
      --tls-cert FILE    in-transit TLS certificate (PEM), stored as tls.crt
      --tls-key FILE     its private key, stored as tls.key
      --tls-ca FILE      CA bundle, stored as ca.crt
      --out-dir DIR      write the files to DIR (created, mode 0700) instead of calling
                         kubectl: for Docker secrets, Vault imports or offline tests
      --force            replace an existing Secret
      --dry-run          generate, then print what would be done; touches no cluster, writes
                         nothing, prints names and sizes only
  -h, --help             this help

Environment: KUBECTL (default: kubectl).
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/generate.sh
. "$here/lib/generate.sh"

namespace="" name="ats-core-secrets" context="" rsa_bits=3072 out_dir="" force=0 dry_run=0
db_ca="" tls_cert="" tls_key="" tls_ca=""
need_arg() { if [ "$#" -lt 2 ] || [ -z "$2" ]; then echo "error: $1 needs a value" >&2; exit 2; fi; }
while [ "$#" -gt 0 ]; do
  case "$1" in
    -n | --namespace) need_arg "$@"; namespace=$2; shift 2 ;;
    --name) need_arg "$@"; name=$2; shift 2 ;;
    --context) need_arg "$@"; context=$2; shift 2 ;;
    --rsa-bits) need_arg "$@"; rsa_bits=$2; shift 2 ;;
    --db-ca) need_arg "$@"; db_ca=$2; shift 2 ;;
    --tls-cert) need_arg "$@"; tls_cert=$2; shift 2 ;;
    --tls-key) need_arg "$@"; tls_key=$2; shift 2 ;;
    --tls-ca) need_arg "$@"; tls_ca=$2; shift 2 ;;
    --out-dir) need_arg "$@"; out_dir=$2; shift 2 ;;
    --force) force=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$rsa_bits" in 3072 | 4096) ;; *) echo "error: --rsa-bits must be 3072 or 4096" >&2; exit 2 ;; esac
[[ "$name" =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || { echo "error: --name is not a valid Secret name" >&2; exit 2; }
if [ -n "$tls_cert" ] || [ -n "$tls_key" ]; then
  if [ -z "$tls_cert" ] || [ -z "$tls_key" ]; then echo "error: --tls-cert and --tls-key go together" >&2; exit 2; fi
fi
require_tools openssl basenc perl
kubectl=${KUBECTL:-kubectl}
if [ "$dry_run" = 0 ] && [ -z "$out_dir" ]; then require_tools "$kubectl"; fi

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

generate_all "$work" "$rsa_bits"

# Certificates and keys the operator supplies: checked to parse, copied under canonical names.
copy_pem() {
  local src=$1 key=$2 kind=$3
  [ -n "$src" ] || return 0
  [ -r "$src" ] || { echo "error: cannot read $src" >&2; exit 2; }
  case "$kind" in
    cert) openssl x509 -in "$src" -noout 2>/dev/null || { echo "error: $src is not a PEM certificate" >&2; exit 2; } ;;
    key) openssl pkey -in "$src" -noout 2>/dev/null || { echo "error: $src is not a PEM private key" >&2; exit 2; } ;;
  esac
  cp "$src" "$work/$key"
}
copy_pem "$db_ca" db-ca.crt cert
copy_pem "$tls_cert" tls.crt cert
copy_pem "$tls_key" tls.key key
copy_pem "$tls_ca" ca.crt cert
[ -n "$db_ca" ] || echo "warning: no --db-ca: production-financial with ATS_DB_SSL_MODE=verify-full needs db-ca.crt (DB-02)" >&2

from_files=()
for f in "$work"/*; do from_files+=("--from-file=$(basename "$f")=$f"); done
kargs=()
[ -n "$context" ] && kargs+=(--context "$context")
[ -n "$namespace" ] && kargs+=(--namespace "$namespace")

if [ "$dry_run" = 1 ]; then
  echo "dry run: generated (values not shown):"
  describe_files "$work"
  if [ -n "$out_dir" ]; then
    echo "would write these files to $out_dir"
  else
    echo "would refuse if Secret $name exists$([ "$force" = 1 ] && echo " (--force: would replace it)")"
    echo "would run: ${kubectl}${kargs[*]:+ ${kargs[*]}} create secret generic $name --from-file=<each file above> --dry-run=client -o yaml | ${kubectl}${kargs[*]:+ ${kargs[*]}} apply -f -"
  fi
  exit 0
fi

if [ -n "$out_dir" ]; then
  mkdir -p "$out_dir"
  chmod 0700 "$out_dir"
  cp -p "$work"/* "$out_dir"/
  echo "wrote $(find "$work" -type f | wc -l) files to $out_dir:"
  describe_files "$out_dir"
  exit 0
fi

if "$kubectl" "${kargs[@]}" get secret "$name" >/dev/null 2>&1 && [ "$force" = 0 ]; then
  echo "error: Secret $name already exists; rotate it with emergency-rotation.sh, or pass --force" >&2
  exit 1
fi
# The values travel from files to kubectl's stdout to kubectl apply's stdin: never in argv.
"$kubectl" "${kargs[@]}" create secret generic "$name" "${from_files[@]}" --dry-run=client -o yaml |
  "$kubectl" "${kargs[@]}" apply -f - >/dev/null
echo "Secret $name applied with these keys (values not shown):"
describe_files "$work"
