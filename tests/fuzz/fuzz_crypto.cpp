// PEM keys, certificates and JWKS come from secret volumes an attacker may control.
#include <cstdint>
#include <string_view>

#include "crypto/certificates.h"
#include "crypto/jwks.h"
#include "crypto/keys.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)atsguard::crypto::AnalyzePrivateKey(text);
  (void)atsguard::crypto::AnalyzePublicKey(text);
  (void)atsguard::crypto::AnalyzeCertificates(text);
  (void)atsguard::crypto::AnalyzeJwks(text);
  return 0;
}
