#include <doctest/doctest.h>

#include "support/prometheus_server.h"
#include "support/sidecar_fixture.h"
#include "support/status_fixtures.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

namespace atsguard::testing {
namespace {

using std::chrono::seconds;

// The scrape target Prometheus sees flips from passing to failing, as after a rotation to
// a failing secret, and back.
void ScrapeAndFlip(SidecarFixture& f, const PrometheusServer& prometheus) {
  REQUIRE_MESSAGE(prometheus.WaitFor("up", 1, seconds(60)), prometheus.Log());
  CHECK(prometheus.WaitFor("ats_guard_validation_passing", 1, seconds(30)));
  PublishFailing(f.board);
  CHECK(prometheus.WaitFor("ats_guard_validation_passing", 0, seconds(30)));
  CHECK(prometheus.WaitFor("ats_guard_rule_status{rule=\"JWT-05\"}", 0, seconds(10)));
  PublishPassing(f.board);
  CHECK(prometheus.WaitFor("ats_guard_validation_passing", 1, seconds(30)));
}

TEST_CASE("a real Prometheus scrapes the sidecar and sees validation fail after a bad rotation") {
  SidecarFixture f;
  f.Beat();
  PublishPassing(f.board);
  PrometheusServer prometheus("http://127.0.0.1:" + std::to_string(f.port()) + "/metrics");
  ScrapeAndFlip(f, prometheus);
}

TEST_CASE("a real Prometheus scrapes the hardened sidecar: HTTPS and a bearer token") {
  TempDir dir;
  std::string key = RsaKeyPem(2048);
  WriteFile(dir.Sub("tls.crt"), SelfSignedCertPem(key));
  WriteFile(dir.Sub("tls.key"), key);
  WriteFile(dir.Sub("token"), "e2e-scrape-token-0123456789abcdef\n");
  http::ServerOptions options = LoopbackOptions();
  options.tls_cert = dir.Sub("tls.crt");
  options.tls_key = dir.Sub("tls.key");
  options.auth_token_file = dir.Sub("token");
  SidecarFixture f(options);
  f.Beat();
  PublishPassing(f.board);
  PrometheusServer prometheus("https://127.0.0.1:" + std::to_string(f.port()) + "/metrics",
                              dir.Sub("token"));
  ScrapeAndFlip(f, prometheus);
  CHECK(f.audit.sink.Events("http_auth_failure").empty());
}

}  // namespace
}  // namespace atsguard::testing
