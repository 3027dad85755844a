#pragma once

#include <string>

namespace atsguard::testing {

// What a TLS client saw when it connected to the server under test.
struct TlsResult {
  bool handshake_ok = false;
  std::string version;   // "TLSv1.3"
  std::string peer_der;  // the served certificate, DER
  std::string response;  // bytes read after sending `request` (until close)
  std::string error;     // OpenSSL's reason when the handshake failed
};

// Connects to 127.0.0.1:`port` offering only TLS versions [min_version, max_version]
// (TLS1_1_VERSION .. TLS1_3_VERSION; old versions are enabled at security level 0 so the
// client really offers them), sends `request` if not empty and reads the answer. The
// server's certificate is not verified: peer_der says which one was served. A refused
// connection is a failed handshake (error says so). Every wait is bounded (5 s).
TlsResult TlsConnect(int port, int min_version, int max_version, const std::string& request = "");

// The DER of a PEM certificate: what TlsResult::peer_der holds when it is served.
std::string CertificateDer(const std::string& pem);

// A loopback port nothing listens on right now, for servers that cannot report the port
// they bound (nginx, Prometheus). Another process may take it before they bind: callers
// retry or fail loudly.
int FreeLoopbackPort();
// A TCP socket bound to a free loopback port (stored in *port), not yet listening: connects
// to it are refused until listen().
int BindLoopbackSocket(int* port);

}  // namespace atsguard::testing
