#pragma once

#include <string>

namespace atsguard::testing {

// Key material for tests, made with OpenSSL's library. RSA keys are cached per size
// (generation is slow); every other function is cheap.

// PKCS#8 PEM RSA private key of `bits` with exponent `exponent`.
std::string RsaKeyPem(int bits, unsigned long exponent = 65537);
std::string EcKeyPem();  // P-256

// An RSA "private key" whose modulus comes from one key pair and whose private values
// come from another: well-formed PEM, broken key.
std::string MismatchedRsaKeyPem();
std::string PublicKeyPem(const std::string& private_pem);

struct CertOptions {
  long not_before_days = -1;  // relative to now
  long not_after_days = 90;
  bool subject_alt_name = true;
  bool is_ca = false;
};

// A self-signed certificate for `private_pem`.
std::string SelfSignedCertPem(const std::string& private_pem, const CertOptions& options = {});

// A JWK Set with one RSA signing key built from `private_pem`'s public half.
// `extra` members (JSON object text, e.g. R"("d":"AAAA")") are added to the key.
std::string JwksFor(const std::string& private_pem, const std::string& kid = "key-1",
                    const std::string& alg = "RS256", const std::string& extra = "");

}  // namespace atsguard::testing
