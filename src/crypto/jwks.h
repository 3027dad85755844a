#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace atsguard::crypto {

// One key of a JWKS, as the rules need it. Private members are noted, never kept.
struct JwkReport {
  std::string kid;
  std::string kty;
  std::string use;
  std::string alg;
  bool has_private_members = false;  // d, p, q, dp, dq, qi, oth or k present
  std::string spki_der;              // RSA keys whose n and e decode; else empty
  std::string error;                 // why n/e could not be turned into a key
};

// Parses a JWK Set ({"keys": [...]}). Fails with kInvalidArgument naming the JSON error
// (with its byte offset) or the missing "keys" array.
base::Result<std::vector<JwkReport>> AnalyzeJwks(std::string_view json);

}  // namespace atsguard::crypto
