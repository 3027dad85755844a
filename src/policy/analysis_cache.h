#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "crypto/certificates.h"
#include "crypto/jwks.h"
#include "crypto/keys.h"

namespace atsguard::policy {

// Results of the expensive crypto analyses, keyed by a keyed hash of the input bytes, so
// re-evaluating after a rotation only re-parses what changed (an RSA-4096 pairwise check
// costs milliseconds; a rotated JWT secret must not pay it again).
// Entries not used during an evaluation are dropped at its end, so memory stays flat
// however many rotations happen. Not thread-safe: one evaluating thread owns it.
class AnalysisCache {
 public:
  using KeyResult = base::Result<crypto::PrivateKeyReport>;
  using PublicKeyResult = base::Result<crypto::PublicKeyReport>;
  using CertificatesResult = base::Result<std::vector<crypto::CertificateReport>>;
  using JwksResult = base::Result<std::vector<crypto::JwkReport>>;

  const KeyResult& PrivateKey(std::string_view pem);
  const PublicKeyResult& PublicKey(std::string_view pem);
  const CertificatesResult& Certificates(std::string_view pem);
  const JwksResult& Jwks(std::string_view json);

  // Marks the start and end of one evaluation; EndEvaluation drops unused entries.
  void BeginEvaluation() { ++generation_; }
  void EndEvaluation();

  size_t hits() const { return hits_; }
  size_t misses() const { return misses_; }
  size_t size() const;

 private:
  template <typename R>
  struct Entry {
    R result;
    unsigned generation;
  };
  template <typename R, typename F>
  const R& Lookup(std::map<std::string, Entry<R>>& map, std::string_view input, F analyze);

  std::map<std::string, Entry<KeyResult>> private_keys_;
  std::map<std::string, Entry<PublicKeyResult>> public_keys_;
  std::map<std::string, Entry<CertificatesResult>> certificates_;
  std::map<std::string, Entry<JwksResult>> jwks_;
  unsigned generation_ = 0;
  size_t hits_ = 0;
  size_t misses_ = 0;
};

}  // namespace atsguard::policy
