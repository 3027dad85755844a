// The sidecar end to end through the real binary: kubelet-style rotations, the HTTP
// endpoints an operator and the kubelet read, and a real Prometheus scraping it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "integration/watch_rig.h"
#include "support/http_client.h"
#include "support/prometheus_server.h"

namespace atsguard::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

// A published default: JWT-07 blocks it in the rig's policy (development, block at high).
constexpr const char* kWeakJwt = "your-256-bit-secret";

TEST_CASE("e2e: /readyz and /status follow rotations to failing and back to passing secrets") {
  WatchRig rig;
  const int port = rig.HttpPort();
  CHECK(WaitForHttpStatus(port, "/readyz", 200, seconds(5)));
  CHECK(HttpGet(port, "/healthz").status == 200);
  json status = json::parse(HttpGet(port, "/status").body);
  CHECK(status["verdict"] == "pass");

  rig.Rotate(rig.WithJwt(kWeakJwt));
  CHECK(WaitForHttpStatus(port, "/readyz", 503, seconds(5)));
  HttpReply ready = HttpGet(port, "/readyz");
  CHECK(ready.body.find("JWT-07") != std::string::npos);
  status = json::parse(HttpGet(port, "/status").body);
  CHECK(status["verdict"] == "fail");
  bool weak_reported = false;
  for (const auto& finding : status["findings"]) weak_reported |= finding["rule"] == "JWT-07";
  CHECK(weak_reported);
  CHECK(HttpGet(port, "/healthz").status == 200);  // failing secrets are not a dead sidecar

  rig.Rotate(rig.WithJwt(RandomSecrets().at("jwt-secret").content));
  CHECK(WaitForHttpStatus(port, "/readyz", 200, seconds(5)));
  CHECK(json::parse(HttpGet(port, "/status").body)["verdict"] == "pass");

  for (const char* path : {"/status", "/metrics", "/readyz", "/healthz"}) {
    const std::string body = HttpGet(port, path).body;
    CHECK(body.find(kWeakJwt) == std::string::npos);
    for (const auto& [key, file] : rig.last()) CHECK(body.find(file.content) == std::string::npos);
  }
}

TEST_CASE("e2e: a real Prometheus sees ats_guard_validation_passing drop on a bad rotation") {
  WatchRig rig;
  PrometheusServer prometheus("http://127.0.0.1:" + std::to_string(rig.HttpPort()) + "/metrics");
  REQUIRE_MESSAGE(prometheus.WaitFor("up", 1, seconds(60)), prometheus.Log());
  CHECK(prometheus.WaitFor("ats_guard_validation_passing", 1, seconds(30)));

  rig.Rotate(rig.WithJwt(kWeakJwt));
  CHECK(prometheus.WaitFor("ats_guard_validation_passing", 0, seconds(30)));
  CHECK(prometheus.WaitFor("sum(ats_guard_secret_changes_total)", 1, seconds(30)));

  rig.Rotate(rig.WithJwt(RandomSecrets().at("jwt-secret").content));
  CHECK(prometheus.WaitFor("ats_guard_validation_passing", 1, seconds(30)));
}

}  // namespace
}  // namespace atsguard::testing
