#!/usr/bin/env bash
# Secret generation shared by create-secrets.sh and emergency-rotation.sh. Sourced, not run.
#
# Every function writes one file under the canonical key names of RULES.md and never prints a
# value. Files are created under umask 077. Values are single-line, no trailing newline
# (ENV-05: `openssl rand -base64` wraps at 64 columns, and a newline is part of the secret).

# jwt-secret: 64 random bytes as unwrapped base64 = 88 characters, about 6 bits of entropy per
# character (JWT-05 wants >= 64 characters, JWT-06 >= 4.5 bits per character, >= 256 bits).
gen_jwt_secret() {
  local out=$1 v
  v=$(openssl rand -base64 64 | tr -d '\n')
  [ "${#v}" -ge 64 ] || { echo "error: generated jwt-secret is too short" >&2; return 1; }
  printf '%s' "$v" >"$out"
}

# encryption-key: 32 random bytes as 64 lowercase hex characters (ENC-02: AES-256).
gen_encryption_key() {
  local out=$1 v
  v=$(openssl rand -hex 32 | tr -d '\n')
  [[ "$v" =~ ^[0-9a-f]{64}$ ]] || { echo "error: generated encryption-key is not 64 hex chars" >&2; return 1; }
  printf '%s' "$v" >"$out"
}

# db-password: 32 characters from [A-Za-z0-9] (about 190 bits; DB-03 wants >= 25 characters
# and >= 128 bits). Filtered from a large base64 draw; the whole draw is read (no `head` on a
# pipe, whose SIGPIPE would fail the pipeline under pipefail).
gen_db_password() {
  local out=$1 v=""
  while [ "${#v}" -lt 32 ]; do
    v+=$(openssl rand -base64 96 | tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${v:0:32}" >"$out"
}

# JWT signing key pair: RSA (e = 65537), PKCS#8 private key and SPKI public key (JWT-08/09).
gen_rsa_keypair() {
  local dir=$1 bits=$2
  openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${bits}" -out "$dir/jwt-private-key.pem" 2>/dev/null
  openssl pkey -in "$dir/jwt-private-key.pem" -pubout -out "$dir/jwt-public-key.pem"
}

b64url() { basenc --base64url -w0 | tr -d '='; }

# jwks.json with the public key: kty RSA, use sig, alg RS256, kid = RFC 7638 thumbprint,
# no private members (JWT-09).
gen_jwks() {
  local dir=$1 n_hex n e kid
  n_hex=$(openssl rsa -pubin -in "$dir/jwt-public-key.pem" -noout -modulus | sed 's/^Modulus=//')
  # perl-base is essential on Debian: hex modulus -> bytes -> base64url.
  n=$(printf '%s' "$n_hex" | perl -ne 'print pack("H*", $_)' | b64url)
  e=AQAB # 65537, the exponent genpkey uses
  kid=$(printf '{"e":"%s","kty":"RSA","n":"%s"}' "$e" "$n" | openssl dgst -sha256 -binary | b64url)
  printf '{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}' \
    "$kid" "$n" "$e" >"$dir/jwks.json"
}

# <key>.created-at: RFC 3339 creation time, the only age source a mounted volume can carry.
stamp_created_at() {
  local dir=$1 key
  shift
  for key in "$@"; do
    date -u +%Y-%m-%dT%H:%M:%SZ | tr -d '\n' >"$dir/$key.created-at"
  done
}

# Generates every rotatable secret into DIR. RSA_BITS: 3072 or 4096.
generate_all() {
  local dir=$1 bits=$2
  gen_jwt_secret "$dir/jwt-secret"
  gen_encryption_key "$dir/encryption-key"
  gen_db_password "$dir/db-password"
  gen_rsa_keypair "$dir" "$bits"
  gen_jwks "$dir"
  stamp_created_at "$dir" jwt-secret encryption-key db-password jwt-private-key.pem
}

# One line per file: name and size, never content.
describe_files() {
  local dir=$1 f
  for f in "$dir"/*; do
    printf '  %-32s %5d bytes\n' "$(basename "$f")" "$(wc -c <"$f")"
  done
}

require_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || { echo "error: $t is required but not installed" >&2; exit 2; }
  done
}
