#include <doctest/doctest.h>
#include <openssl/ssl.h>

#include "support/atomic_writer.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/sidecar_fixture.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"
#include "support/tls_client.h"

namespace atsguard::testing {
namespace {

constexpr const char* kRequest = "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n";

// The server's certificate and key in a kubelet-style volume (symlinks into ..data), so a
// rotation is exactly what a cluster does to a mounted TLS Secret.
struct CertVolume {
  CertVolume() : writer(dir.Sub("tls")) { Rotate(RsaKeyPem(2048)); }

  // Returns the new certificate's DER.
  std::string Rotate(const std::string& key, std::optional<std::string> cert_key = std::nullopt) {
    std::string cert = SelfSignedCertPem(cert_key.value_or(key));
    writer.Write({{"tls.crt", {cert, 0444}}, {"tls.key", {key, 0400}}});
    return CertificateDer(cert);
  }
  std::string Served() const { return CertificateDer(ReadFile(cert())); }
  std::string cert() const { return writer.dir() + "/tls.crt"; }
  std::string key() const { return writer.dir() + "/tls.key"; }

  TempDir dir;
  AtomicWriter writer;
};

http::ServerOptions TlsOptions(const CertVolume& volume, const std::string& min_version = "1.2") {
  http::ServerOptions options = LoopbackOptions();
  options.tls_cert = volume.cert();
  options.tls_key = volume.key();
  options.tls_min_version = min_version;
  return options;
}

std::string TlsMetrics(int port) { return HttpsGet(port, "/metrics").body; }

TEST_CASE("HTTPS over TLS 1.2 and TLS 1.3, with HSTS") {
  CertVolume volume;
  SidecarFixture f(TlsOptions(volume));
  f.Beat();
  TlsResult v12 = TlsConnect(f.port(), TLS1_2_VERSION, TLS1_2_VERSION, kRequest);
  REQUIRE_MESSAGE(v12.handshake_ok, v12.error);
  CHECK(v12.version == "TLSv1.2");
  CHECK(StatusOf(v12.response) == 200);
  CHECK(ParseResponse(v12.response).headers.at("strict-transport-security") == "max-age=31536000");
  TlsResult v13 = TlsConnect(f.port(), TLS1_3_VERSION, TLS1_3_VERSION, kRequest);
  REQUIRE_MESSAGE(v13.handshake_ok, v13.error);
  CHECK(v13.version == "TLSv1.3");
  CHECK(v13.peer_der == volume.Served());
  CHECK(HttpsGet(f.port(), "/healthz").status == 200);
}

TEST_CASE("TLS 1.1 is refused") {
  CertVolume volume;
  SidecarFixture f(TlsOptions(volume));
  TlsResult v11 = TlsConnect(f.port(), TLS1_1_VERSION, TLS1_1_VERSION, kRequest);
  CHECK_FALSE(v11.handshake_ok);
  CHECK(SampleValue(TlsMetrics(f.port()),
                    "ats_guard_http_connections_dropped_total{reason=\"tls_handshake\"}") == 1);
}

TEST_CASE("with --tls-min-version 1.3, a TLS 1.2 client is refused") {
  CertVolume volume;
  SidecarFixture f(TlsOptions(volume, "1.3"));
  CHECK_FALSE(TlsConnect(f.port(), TLS1_2_VERSION, TLS1_2_VERSION, kRequest).handshake_ok);
  TlsResult v13 = TlsConnect(f.port(), TLS1_2_VERSION, TLS1_3_VERSION, kRequest);
  CHECK(v13.handshake_ok);
  CHECK(v13.version == "TLSv1.3");
}

TEST_CASE("a rotated certificate is served at the next handshake, without a restart") {
  CertVolume volume;
  SidecarFixture f(TlsOptions(volume));
  std::string before = volume.Served();
  CHECK(TlsConnect(f.port(), TLS1_2_VERSION, TLS1_3_VERSION).peer_der == before);
  std::string after = volume.Rotate(EcKeyPem());
  REQUIRE(after != before);
  TlsResult rotated = TlsConnect(f.port(), TLS1_2_VERSION, TLS1_3_VERSION, kRequest);
  REQUIRE_MESSAGE(rotated.handshake_ok, rotated.error);
  CHECK(rotated.peer_der == after);
  CHECK(StatusOf(rotated.response) == 200);
  auto events = f.audit.sink.Events("tls_certificate_reload");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["action_taken"] == "serve_new_certificate");
  CHECK(SampleValue(TlsMetrics(f.port()),
                    "ats_guard_http_tls_certificate_reloads_total{result=\"success\"}") == 1);
}

TEST_CASE("a rotation caught half-way keeps the previous certificate, reported once") {
  CertVolume volume;
  SidecarFixture f(TlsOptions(volume));
  std::string before = volume.Served();
  std::string old_key = ReadFile(volume.key());
  // A certificate for a new key, shipped with the old key: the pair does not match.
  volume.Rotate(old_key, EcKeyPem());
  for (int i = 0; i < 3; ++i) {
    TlsResult result = TlsConnect(f.port(), TLS1_2_VERSION, TLS1_3_VERSION, kRequest);
    REQUIRE_MESSAGE(result.handshake_ok, result.error);
    CHECK(result.peer_der == before);
  }
  auto events = f.audit.sink.Events("tls_certificate_reload");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["severity"] == "high");
  CHECK(events[0]["action_taken"] == "keep_previous_certificate");
  CHECK(events[0]["message"].get<std::string>().find("does not match the certificate") !=
        std::string::npos);
  CHECK(SampleValue(TlsMetrics(f.port()),
                    "ats_guard_http_tls_certificate_reloads_total{result=\"failure\"}") == 1);

  std::string fixed = volume.Rotate(EcKeyPem());
  CHECK(TlsConnect(f.port(), TLS1_2_VERSION, TLS1_3_VERSION).peer_der == fixed);
}

TEST_CASE("plain HTTP on the TLS port is dropped") {
  CertVolume volume;
  SidecarFixture f(TlsOptions(volume));
  RawClient client(f.port());
  client.Send(kRequest);
  std::string raw = client.ReadUntilClosed(std::chrono::seconds(3));
  CHECK(client.closed());
  CHECK(raw.find("HTTP/1.1 200") == std::string::npos);
}

TEST_CASE("Start fails when the key does not match the certificate, naming both files") {
  CertVolume volume;
  volume.Rotate(RsaKeyPem(2048), EcKeyPem());
  sys::SystemClock clock;
  sys::PosixFileSystem fs;
  AuditCapture audit(clock);
  status::StatusBoard board("production-financial");
  http::SidecarServer server(TlsOptions(volume), board, audit.log, clock, fs);
  base::Status started = server.Start();
  CHECK(started.code() == base::StatusCode::kInvalidArgument);
  CHECK(started.message() == "--tls-cert/--tls-key: " + volume.key() +
                                 ": does not match the certificate in " + volume.cert());
}

}  // namespace
}  // namespace atsguard::testing
