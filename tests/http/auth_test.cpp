#include <doctest/doctest.h>

#include "support/atomic_writer.h"
#include "support/http_client.h"
#include "support/sidecar_fixture.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

constexpr const char* kToken = "prometheus-scrape-token-4f1c2b";
constexpr const char* kRotated = "prometheus-scrape-token-9a8b7c";

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

struct TokenVolume {
  TokenVolume() : writer(dir.Sub("token")) { Write(kToken); }
  void Write(const std::string& token) { writer.Write({{"token", {token + "\n", 0440}}}); }
  std::string path() const { return writer.dir() + "/token"; }
  TempDir dir;
  AtomicWriter writer;
};

http::ServerOptions WithToken(const TokenVolume& volume) {
  http::ServerOptions options = LoopbackOptions();
  options.auth_token_file = volume.path();
  return options;
}

TEST_CASE("the bearer token guards /metrics and /status, probes stay open") {
  TokenVolume volume;
  SidecarFixture f(WithToken(volume));
  f.Beat();
  CHECK(HttpGet(f.port(), "/metrics", Bearer(kToken)).status == 200);
  CHECK(HttpGet(f.port(), "/status", Bearer(kToken)).status == 200);
  CHECK(HttpGet(f.port(), "/metrics").status == 401);
  CHECK(HttpGet(f.port(), "/status", Bearer("prometheus-scrape-token-000000")).status == 401);
  CHECK(HttpGet(f.port(), "/healthz").status == 200);
  CHECK(HttpGet(f.port(), "/readyz").status == 503);
}

TEST_CASE("a rotated token file takes over at once, the old token stops working") {
  TokenVolume volume;
  SidecarFixture f(WithToken(volume));  // re-read on every request
  CHECK(HttpGet(f.port(), "/metrics", Bearer(kToken)).status == 200);
  volume.Write(kRotated);
  CHECK(HttpGet(f.port(), "/metrics", Bearer(kToken)).status == 401);
  CHECK(HttpGet(f.port(), "/metrics", Bearer(kRotated)).status == 200);
}

TEST_CASE("a refused request is an audit event with client_ip, severity and action_taken") {
  TokenVolume volume;
  SidecarFixture f(WithToken(volume));
  CHECK(HttpGet(f.port(), "/status", Bearer("guess-guess-guess-guess")).status == 401);
  auto events = f.audit.sink.Events("http_auth_failure");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["client_ip"] == "127.0.0.1");
  CHECK(events[0]["severity"] == "medium");
  CHECK(events[0]["action_taken"] == "deny_request");
  CHECK(events[0]["subject"] == "/status");
  for (const std::string& line : f.audit.sink.lines()) {
    CHECK(line.find(kToken) == std::string::npos);
    CHECK(line.find("guess-guess") == std::string::npos);
  }
}

}  // namespace
}  // namespace atsguard::testing
