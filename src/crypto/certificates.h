#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "crypto/keys.h"

namespace atsguard::crypto {

// Public properties of one X.509 certificate; no key material.
struct CertificateReport {
  std::time_t not_before = 0;
  std::time_t not_after = 0;
  bool has_subject_alt_names = false;
  bool is_ca = false;
  KeyType key_type = KeyType::kOther;
  int key_bits = 0;
  std::string curve;     // EC only
  std::string spki_der;  // DER SubjectPublicKeyInfo of the certificate's key
};

// Parses every certificate of a PEM bundle, leaf first. Fails with kInvalidArgument and
// OpenSSL's reason when the text holds no certificate or a block is malformed.
base::Result<std::vector<CertificateReport>> AnalyzeCertificates(std::string_view pem);

}  // namespace atsguard::crypto
