#!/usr/bin/env bash
# Tests of deploy/scripts/create-secrets.sh and emergency-rotation.sh, run by run.sh.
# No cluster exists here: lib/fake-kubectl.js stands in for kubectl (real kubectl for the
# offline `create --dry-run=client`, Secrets kept as files). Needs REAL_KUBECTL.
# Every value the scripts generate is then searched for in everything they printed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
scripts="$root/deploy/scripts"
t="$here/.work/scripts-test"
rm -rf "$t" && mkdir -p "$t/state" "$t/out"
export FAKE_KUBE_STATE="$t/state"
export KUBECTL="$here/lib/fake-kubectl.js"
: "${REAL_KUBECTL:?REAL_KUBECTL must point at a kubectl binary}"

failures=0
fail() { echo "FAIL scripts: $*"; failures=$((failures + 1)); }
ok() { echo "ok   scripts: $*"; }

# --- --help and argument errors -----------------------------------------------------------
for s in create-secrets.sh emergency-rotation.sh; do
  { "$scripts/$s" --help >"$t/out/help" 2>&1 && grep -q -- '--dry-run' "$t/out/help"; } || fail "$s --help"
  if "$scripts/$s" --bogus >/dev/null 2>&1; then fail "$s accepts an unknown option"; fi
  if "$scripts/$s" --rsa-bits 1024 >/dev/null 2>&1; then fail "$s accepts --rsa-bits 1024"; fi
done
ok "--help and bad options"

# --- generated values: strength and format (--out-dir) -------------------------------------
d="$t/gen"
"$scripts/create-secrets.sh" --out-dir "$d" >"$t/out/gen.log" 2>&1 || { fail "create-secrets.sh --out-dir"; cat "$t/out/gen.log"; }
no_newline() { [ "$(tail -c1 "$1" | od -An -c | tr -d ' ')" != '\n' ]; }
js=$(cat "$d/jwt-secret")
{ [ "${#js}" -ge 64 ] && [[ "$js" =~ ^[A-Za-z0-9+/]+=*$ ]] && no_newline "$d/jwt-secret"; } || fail "jwt-secret is not >= 64 chars of unwrapped base64"
{ [[ "$(cat "$d/encryption-key")" =~ ^[0-9a-f]{64}$ ]] && no_newline "$d/encryption-key"; } || fail "encryption-key is not 64 hex chars"
{ [[ "$(cat "$d/db-password")" =~ ^[A-Za-z0-9]{32}$ ]] && no_newline "$d/db-password"; } || fail "db-password is not 32 alphanumerics"
bits=$(openssl pkey -in "$d/jwt-private-key.pem" -noout -text 2>/dev/null | sed -n 's/.*Private-Key: (\([0-9]*\) bit.*/\1/p')
[ "$bits" = 3072 ] || fail "RSA key has $bits bits, expected 3072"
openssl pkey -in "$d/jwt-private-key.pem" -noout -text 2>/dev/null | grep -q 'publicExponent: 65537' || fail "RSA exponent is not 65537"
cmp -s <(openssl pkey -in "$d/jwt-private-key.pem" -pubout) "$d/jwt-public-key.pem" || fail "public key does not match the private key"
node -e '
  const fs = require("fs"), crypto = require("crypto");
  const jwks = JSON.parse(fs.readFileSync(process.argv[1] + "/jwks.json", "utf8"));
  const k = jwks.keys[0];
  const pub = crypto.createPublicKey(fs.readFileSync(process.argv[1] + "/jwt-public-key.pem")).export({ format: "jwk" });
  const thumb = crypto.createHash("sha256").update(JSON.stringify({ e: k.e, kty: "RSA", n: k.n })).digest("base64url");
  const bad = [];
  if (jwks.keys.length !== 1) bad.push("one key");
  if (k.kty !== "RSA" || k.use !== "sig" || k.alg !== "RS256") bad.push("kty/use/alg");
  if (k.n !== pub.n || k.e !== pub.e) bad.push("n/e match the public key");
  if (k.kid !== thumb) bad.push("kid is the RFC 7638 thumbprint");
  if (["d", "p", "q", "dp", "dq", "qi"].some((m) => m in k)) bad.push("no private members");
  if (bad.length) { console.log("jwks.json fails: " + bad.join(", ")); process.exit(1); }
' "$d" || fail "jwks.json"
for k in jwt-secret encryption-key db-password jwt-private-key.pem; do
  [[ "$(cat "$d/$k.created-at")" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] || fail "$k.created-at is not RFC 3339"
done
{ [ "$(stat -c %a "$d")" = 700 ] && [ "$(stat -c %a "$d/jwt-secret")" = 600 ]; } || fail "--out-dir files are not private (0700 dir, 0600 files)"
# Distinct values (SEC-01), and a second run gives new ones.
{ [ "$js" != "$(cat "$d/encryption-key")" ] && [ "$js" != "$(cat "$d/db-password")" ]; } || fail "secrets are not distinct"
"$scripts/create-secrets.sh" --out-dir "$t/gen2" >/dev/null 2>&1
for k in jwt-secret encryption-key db-password jwt-private-key.pem; do
  cmp -s "$d/$k" "$t/gen2/$k" && fail "$k repeats across runs"
done
ok "generated values: lengths, alphabets, RSA-3072 e=65537, matching public key and JWKS, created-at"

# --- dry runs touch nothing ---------------------------------------------------------------
: >"$FAKE_KUBE_STATE/calls.log"
"$scripts/create-secrets.sh" --dry-run -n ats >"$t/out/dry-create.log" 2>&1 || fail "create-secrets.sh --dry-run"
"$scripts/emergency-rotation.sh" --dry-run -n ats --keep db-password >"$t/out/dry-rotate.log" 2>&1 || fail "emergency-rotation.sh --dry-run"
[ ! -s "$FAKE_KUBE_STATE/calls.log" ] || fail "a dry run called kubectl: $(cat "$FAKE_KUBE_STATE/calls.log")"
grep -q 'would run: .*rollout restart deployment/ats-core' "$t/out/dry-rotate.log" || fail "rotation dry run does not show the restart"
grep -q 'jwt-secret' "$t/out/dry-create.log" || fail "create dry run does not list the keys"
ok "dry runs call no kubectl and print the plan"

# --- create against the stand-in cluster ---------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$t/ca.key" -out "$t/db-ca.crt" -subj /CN=db-ca -days 30 2>/dev/null
"$scripts/create-secrets.sh" -n ats --db-ca "$t/db-ca.crt" >"$t/out/create.log" 2>&1 || { fail "create-secrets.sh"; cat "$t/out/create.log"; }
sec="$FAKE_KUBE_STATE/secret-ats-ats-core-secrets.yaml"
[ -s "$sec" ] || fail "no Secret applied"
{ grep -q '^kind: Secret' "$sec" && grep -q 'jwt-private-key.pem:' "$sec" && grep -q 'db-ca.crt:' "$sec"; } || fail "the Secret lacks keys"
grep -q -- 'create secret generic ats-core-secrets .*--dry-run=client -o yaml' "$FAKE_KUBE_STATE/calls.log" || fail "create did not use kubectl create --dry-run=client"
grep -q -- '^--namespace ats apply -f -' "$FAKE_KUBE_STATE/calls.log" || fail "create did not kubectl apply -f -"
if "$scripts/create-secrets.sh" -n ats >"$t/out/create2.log" 2>&1; then fail "create-secrets.sh overwrote a live Secret without --force"; fi
grep -q 'already exists' "$t/out/create2.log" || fail "no clear refusal for an existing Secret"
ok "create: Secret applied through create --dry-run=client | apply; no overwrite without --force"

value_of() { # KEY -> decoded value of the stored Secret
  "$KUBECTL" --namespace ats get secret ats-core-secrets -o "go-template={{index .data \"$1\" | base64decode}}"
}
cp "$sec" "$t/before.yaml"
for k in jwt-secret encryption-key db-password jwt-private-key.pem db-ca.crt; do value_of "$k" >"$t/before.$k"; done

# --- emergency rotation ---------------------------------------------------------------------
if "$scripts/emergency-rotation.sh" -n ats </dev/null >"$t/out/rot-nohook.log" 2>&1; then
  fail "rotation started without --db-password-hook or --keep db-password"
fi
if "$scripts/emergency-rotation.sh" -n ats --keep db-password </dev/null >"$t/out/rot-noyes.log" 2>&1; then
  fail "rotation went on without a terminal and without --yes"
fi
cmp -s "$sec" "$t/before.yaml" || fail "a refused rotation changed the Secret"
: >"$FAKE_KUBE_STATE/calls.log"
"$scripts/emergency-rotation.sh" -n ats --yes --db-password-hook "cat > '$t/hook-received'" \
  </dev/null >"$t/out/rotate.log" 2>&1 || { fail "emergency-rotation.sh"; cat "$t/out/rotate.log"; }
for k in jwt-secret encryption-key db-password jwt-private-key.pem; do
  value_of "$k" | cmp -s - "$t/before.$k" && fail "$k was not rotated"
done
value_of db-ca.crt | cmp -s - "$t/before.db-ca.crt" || fail "db-ca.crt (not generated) was not kept byte for byte"
value_of db-password | cmp -s - "$t/hook-received" || fail "the hook did not get the new db-password"
grep -q 'rollout restart deployment/ats-core' "$FAKE_KUBE_STATE/calls.log" || fail "no rollout restart"
grep -q 'rollout status deployment/ats-core --timeout 10m' "$FAKE_KUBE_STATE/calls.log" || fail "no rollout status wait"
value_of jwt-secret >"$t/after.jwt-secret"
ok "rotation: every generated key replaced, other keys kept, hook fed, rollout restarted"

# --- --keep ---------------------------------------------------------------------------------
"$scripts/emergency-rotation.sh" -n ats --yes --keep db-password --keep jwt-secret --no-restart \
  </dev/null >"$t/out/rotate-keep.log" 2>&1 || fail "rotation with --keep"
value_of jwt-secret | cmp -s - "$t/after.jwt-secret" || fail "--keep jwt-secret did not keep it"
ok "rotation --keep keeps the named keys"

# --- nothing printed contains a value --------------------------------------------------------
values="$t/values"
: >"$values"
for f in "$t"/before.* "$t/after.jwt-secret" "$t/hook-received" "$d/jwt-secret" "$d/encryption-key" "$d/db-password"; do
  case "$f" in *.pem | *.crt) grep -v -- '-----' "$f" | head -3 >>"$values" ;; *) cat "$f" >>"$values"; echo >>"$values" ;; esac
done
for k in jwt-secret encryption-key db-password; do value_of "$k" >>"$values"; echo >>"$values"; done
leaks=$(grep -lF -f <(grep -v '^$' "$values") "$t"/out/*.log "$FAKE_KUBE_STATE/calls.log" || true)
if [ -n "$leaks" ]; then fail "secret values printed in: $leaks"; else ok "no generated value in any output or kubectl argument"; fi

[ "$failures" = 0 ]
