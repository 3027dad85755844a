// End to end with a program we did not write: Debian's nginx serves TLS with the
// certificate from a kubelet-style volume; ats-guard watch reloads it by SIGHUP on a
// passing rotation and refuses a rotation to an expired certificate.
#include <doctest/doctest.h>
#include <openssl/ssl.h>

#include <filesystem>

#include "integration/watch_rig.h"
#include "support/test_pki.h"
#include "support/tls_client.h"

namespace atsguard::testing {
namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

// The certificate a TLS client sees on 127.0.0.1:port; "" when the handshake fails.
std::string ServedCertificate(int port) {
  return TlsConnect(port, TLS1_2_VERSION, TLS1_3_VERSION).peer_der;
}

// Polls until 20 handshakes in a row see `der`: after a reload the old worker keeps
// accepting until it has read its shutdown request, so one answer proves nothing.
bool ServesWithin(int port, const std::string& der, milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  int in_a_row = 0;
  while (std::chrono::steady_clock::now() < end && in_a_row < 20) {
    in_a_row = ServedCertificate(port) == der ? in_a_row + 1 : 0;
  }
  return in_a_row == 20;
}

Payload WithTls(Payload payload, const std::string& key, const std::string& cert) {
  payload["tls.key"] = {key, 0440};
  payload["tls.crt"] = {cert, 0444};
  return payload;
}

TEST_CASE("nginx: a rotated certificate is served after the reload, an expired one is refused") {
  REQUIRE_MESSAGE(std::filesystem::exists(kNginx),
                  "nginx is missing: run scripts/install-deps.sh test (nginx-light)");
  TempDir tmp;
  AtomicWriter volume(tmp.Sub("tls"));
  const std::string key_a = RsaKeyPem(2048);
  const std::string cert_a = SelfSignedCertPem(key_a, {-1, 90, true, false});
  const Payload base = RandomSecrets();
  volume.Write(WithTls(base, key_a, cert_a));

  const int port = FreeLoopbackPort();
  const std::string conf = tmp.Sub("nginx.conf");
  WriteFile(conf,
            "worker_processes 1;\n"
            "error_log " +
                tmp.Sub("error.log") +
                ";\n"
                "pid " +
                tmp.Sub("nginx.pid") +
                ";\n"
                "events { worker_connections 64; }\n"
                "http {\n"
                "  access_log off;\n"
                "  client_body_temp_path " +
                tmp.Sub("body") +
                ";\n"
                "  proxy_temp_path " +
                tmp.Sub("proxy") +
                ";\n"
                "  fastcgi_temp_path " +
                tmp.Sub("fastcgi") +
                ";\n"
                "  uwsgi_temp_path " +
                tmp.Sub("uwsgi") +
                ";\n"
                "  scgi_temp_path " +
                tmp.Sub("scgi") +
                ";\n"
                "  server {\n"
                "    listen 127.0.0.1:" +
                std::to_string(port) +
                " ssl;\n"
                "    ssl_certificate " +
                volume.dir() +
                "/tls.crt;\n"
                "    ssl_certificate_key " +
                volume.dir() +
                "/tls.key;\n"
                "    location / { return 200 \"ok\\n\"; }\n"
                "  }\n"
                "}\n",
            0644);
  ChildProcess nginx(
      {kNginx, "-p", tmp.path(), "-c", conf, "-e", tmp.Sub("error.log"), "-g", "daemon off;"}, {});
  REQUIRE_MESSAGE(ServesWithin(port, CertificateDer(cert_a), seconds(10)),
                  ReadFile(tmp.Sub("error.log")));

  // TLS-01 blocks here: an expired certificate must never be reloaded into nginx.
  WriteFile(
      tmp.Sub("policy.json"),
      R"({"extends": "development", "block_at": "high", "rules": {"TLS-01": {"severity": "high"}}})",
      0644);
  ChildProcess guard(
      {ATSGUARD_BINARY, "watch", "--policy", tmp.Sub("policy.json"), "--secrets-dir", volume.dir(),
       "--reload", "signal", "--process-name", conf, "--min-reload-interval", "0s", "--listen",
       "127.0.0.1:0"},
      WatchRig::Env());
  REQUIRE_MESSAGE(guard.WaitForErr("watching", seconds(10)), guard.err());
  CHECK_MESSAGE(guard.err().find(": pass;") != std::string::npos, guard.err());

  const std::string key_b = RsaKeyPem(3072);
  const std::string cert_b = SelfSignedCertPem(key_b, {-1, 90, true, false});
  volume.Write(WithTls(base, key_b, cert_b));
  REQUIRE_MESSAGE(guard.WaitForOut("\"result\":\"success\"", seconds(10)), guard.err());
  CHECK(ServesWithin(port, CertificateDer(cert_b), seconds(10)));

  const std::string cert_expired = SelfSignedCertPem(key_a, {-30, -1, true, false});
  volume.Write(WithTls(base, key_a, cert_expired));
  REQUIRE(
      guard.WaitForOut("\"action_taken\":\"withhold_reload\",\"subject\":\"signal:", seconds(10)));
  REQUIRE(guard.WaitForOut("\"event_type\":\"validation_verdict\"", seconds(10), 3));
  CHECK(guard.WaitForOut("\"rule\":\"TLS-01\"", seconds(5)));
  CHECK(CountOf(guard.out(), "\"result\":\"success\"") == 1);
  for (int i = 0; i < 20; ++i) CHECK(ServedCertificate(port) == CertificateDer(cert_b));

  for (const std::string& secret : {key_a, key_b, base.at("jwt-secret").content}) {
    CHECK((guard.out() + guard.err()).find(secret) == std::string::npos);
  }
  guard.Signal(SIGTERM);
  CHECK(guard.Wait(seconds(5)) == std::optional<int>(0));
  nginx.Signal(SIGQUIT);
  CHECK(nginx.Wait(seconds(10)));
}

}  // namespace
}  // namespace atsguard::testing
