#pragma once

#include <string>

namespace atsguard::testing {

// What a TLS client saw when it connected to the server under test.
struct TlsResult {
  bool handshake_ok = false;
  std::string version;           // "TLSv1.3"
  std::string peer_fingerprint;  // SHA-256 of the served certificate's DER, hex
  std::string response;          // bytes read after sending `request` (until close)
  std::string error;             // OpenSSL's reason when the handshake failed
};

// Connects to 127.0.0.1:`port` offering only TLS versions [min_version, max_version]
// (TLS1_1_VERSION .. TLS1_3_VERSION; old versions are enabled at security level 0 so the
// client really offers them), sends `request` if not empty and reads the answer. The
// server's certificate is not verified: the fingerprint says which one was served.
// Every wait is bounded (5 s).
TlsResult TlsConnect(int port, int min_version, int max_version, const std::string& request = "");

// SHA-256 of a PEM certificate's DER, hex: what TlsResult::peer_fingerprint holds for it.
std::string CertificateFingerprint(const std::string& pem);

}  // namespace atsguard::testing
