#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace atsguard::crypto {

enum class KeyType { kRsa, kRsaPss, kEc, kEd25519, kOther };

const char* KeyTypeName(KeyType type);

// What OpenSSL says about a private key. Holds no key material: only properties and the
// DER of the public half (to match it against public keys, JWKS and certificates).
struct PrivateKeyReport {
  KeyType type = KeyType::kOther;
  int bits = 0;
  std::string curve;            // EC only, e.g. "prime256v1"
  bool exponent_is_65537 = false;  // RSA only
  bool checks_run = false;      // false when the key was too large to check in bounded time
  bool private_check_ok = false;
  bool pairwise_check_ok = false;
  std::string check_error;      // OpenSSL's reason when a check failed
  std::string spki_der;         // DER SubjectPublicKeyInfo of the public half
};

// Parses a PEM private key (PKCS#8 or traditional) and runs OpenSSL 3's private and
// pairwise consistency checks. Encrypted keys fail (no prompt). Fails with
// kInvalidArgument and OpenSSL's reason when the PEM does not parse.
base::Result<PrivateKeyReport> AnalyzePrivateKey(std::string_view pem);

// A public key from PEM (SubjectPublicKeyInfo or PKCS#1 RSAPublicKey).
struct PublicKeyReport {
  KeyType type = KeyType::kOther;
  int bits = 0;
  std::string spki_der;
};

base::Result<PublicKeyReport> AnalyzePublicKey(std::string_view pem);

// Keys above this size are parsed but not checked: primality tests on larger primes
// take seconds, and an init container must answer in bounded time.
inline constexpr int kMaxCheckedKeyBits = 8192;

// A new RSA private key as PKCS#8 PEM, from OpenSSL's RNG.
base::Result<std::string> GenerateRsaKeyPem(int bits);

}  // namespace atsguard::crypto
