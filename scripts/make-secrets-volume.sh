#!/usr/bin/env bash
# Writes a complete, strong ats-core secret set into DIR, laid out as the kubelet writes a
# secret volume (..<timestamp> directory, ..data symlink, one symlink per key), with
# values made the way the ats-core guide says, without its mistakes (no line wraps).
# Used by the demo, the integration tests and the benchmarks.
#
# Usage: scripts/make-secrets-volume.sh DIR [RSA_BITS]      (RSA_BITS default 3072)
set -euo pipefail

dir=${1:?usage: make-secrets-volume.sh DIR [RSA_BITS]}
bits=${2:-3072}
mkdir -p "$dir"
version="..$(date -u +%Y_%m_%d_%H_%M_%S).$RANDOM$RANDOM"
work="$dir/$version"
mkdir -m 0700 "$work"
chmod 0755 "$work"

# base64url of the big-endian bytes of a hex number (JWK "n" and "e").
b64url_hex() { perl -e 'print pack("H*", $ARGV[0])' "$1" | openssl base64 -A | tr '+/' '-_' | tr -d '='; }

openssl rand -base64 64 | tr -d '\n' > "$work/jwt-secret"
openssl rand -hex 32 | tr -d '\n' > "$work/encryption-key"
# 32 characters from [A-Za-z0-9]: the guide's tr/cut pipeline, longer.
openssl rand -base64 48 | tr -d '=+/\n' | cut -c1-32 | tr -d '\n' > "$work/db-password"
openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" -out "$work/jwt-private-key.pem"
openssl pkey -in "$work/jwt-private-key.pem" -pubout -out "$work/jwt-public-key.pem"
modulus=$(openssl rsa -in "$work/jwt-private-key.pem" -noout -modulus | cut -d= -f2)
printf '{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"ats-%s","n":"%s","e":"AQAB"}]}' \
  "$(date -u +%Y%m%d)" "$(b64url_hex "$modulus")" > "$work/jwks.json"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/tls.key" -out "$work/tls.crt" \
  -days 90 -subj "/CN=ats-core" -addext "subjectAltName=DNS:ats-core,DNS:localhost" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$work/db-ca.key" -out "$work/db-ca.crt" -days 3650 -subj "/CN=ats-db-ca" 2>/dev/null
rm "$work/db-ca.key"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for key in jwt-secret jwt-private-key.pem encryption-key db-password; do
  printf '%s' "$now" > "$work/$key.created-at"
done
# defaultMode 0440 with fsGroup, as the Helm chart mounts it.
chmod 0440 "$work"/*

ln -s "$version" "$dir/..data_tmp"
mv -T "$dir/..data_tmp" "$dir/..data"
for path in "$work"/*; do
  key=$(basename "$path")
  ln -sfn "..data/$key" "$dir/$key"
done
