#include "http/sidecar_server.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "support/http_client.h"
#include "support/inputs_builder.h"
#include "support/metrics_text.h"
#include "support/sidecar_fixture.h"
#include "support/status_fixtures.h"

namespace atsguard::testing {
namespace {

std::string Verdict(int port) {
  HttpReply status = HttpGet(port, "/status");
  REQUIRE(status.status == 200);
  return nlohmann::json::parse(status.body)["verdict"];
}

TEST_CASE("each endpoint through the life cycle: starting, passing, failing, recovered") {
  SidecarFixture f;
  f.Beat();
  // Starting: alive, not ready, no verdict.
  CHECK(HttpGet(f.port(), "/healthz").status == 200);
  HttpReply ready = HttpGet(f.port(), "/readyz");
  CHECK(ready.status == 503);
  CHECK(ready.body.find("the first evaluation has not finished") != std::string::npos);
  CHECK(Verdict(f.port()) == "pending");
  CHECK_FALSE(SampleValue(HttpGet(f.port(), "/metrics").body, "ats_guard_validation_passing"));

  // Passing.
  MarkWatcherHealthy(f.board);
  PublishPassing(f.board);
  CHECK(HttpGet(f.port(), "/readyz").status == 200);
  CHECK(Verdict(f.port()) == "pass");
  CHECK(SampleValue(HttpGet(f.port(), "/metrics").body, "ats_guard_validation_passing") == 1);

  // A rotation to a failing secret.
  PublishFailing(f.board);
  ready = HttpGet(f.port(), "/readyz");
  CHECK(ready.status == 503);
  CHECK(ready.body.find("JWT-05") != std::string::npos);
  CHECK(HttpGet(f.port(), "/healthz").status == 200);
  CHECK(Verdict(f.port()) == "fail");
  std::string metrics = HttpGet(f.port(), "/metrics").body;
  CHECK(SampleValue(metrics, "ats_guard_validation_passing") == 0);
  CHECK(SampleValue(metrics, "ats_guard_rule_status{rule=\"JWT-05\",severity=\"high\"}") == 0);

  // Recovered.
  PublishPassing(f.board);
  CHECK(HttpGet(f.port(), "/readyz").status == 200);
  CHECK(SampleValue(HttpGet(f.port(), "/metrics").body, "ats_guard_validation_passing") == 1);
  CHECK(SampleValue(HttpGet(f.port(), "/metrics").body,
                    "ats_guard_evaluations_total{result=\"fail\"}") == 1);
}

TEST_CASE("liveness fails once the watch loop stops beating") {
  http::ServerOptions options = LoopbackOptions();
  options.stuck_after = std::chrono::milliseconds(200);
  SidecarFixture f(options);
  f.Beat();
  CHECK(HttpGet(f.port(), "/healthz").status == 200);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  HttpReply health;
  do {
    health = HttpGet(f.port(), "/healthz");
  } while (health.status == 200 && std::chrono::steady_clock::now() < deadline);
  CHECK(health.status == 503);
  CHECK(health.body.find("watch loop stuck") != std::string::npos);
  f.Beat();
  CHECK(HttpGet(f.port(), "/healthz").status == 200);
}

TEST_CASE("a port already in use fails Start, naming the address") {
  SidecarFixture first;
  http::ServerOptions options = LoopbackOptions();
  options.listen = "127.0.0.1:" + std::to_string(first.port());
  sys::SystemClock clock;
  sys::PosixFileSystem fs;
  AuditCapture audit(clock);
  status::StatusBoard board("production-financial");
  http::SidecarServer second(options, board, audit.log, clock, fs);
  base::Status started = second.Start();
  CHECK(started.code() == base::StatusCode::kIoError);
  CHECK(started.message() == "listen " + options.listen + ": bind: Address already in use");
  CHECK(second.port() == -1);
}

TEST_CASE("inconsistent options fail Start before anything is bound") {
  sys::SystemClock clock;
  sys::PosixFileSystem fs;
  AuditCapture audit(clock);
  status::StatusBoard board("production-financial");
  http::ServerOptions options = LoopbackOptions();
  SUBCASE("a certificate without a key") { options.tls_cert = "/tmp/cert.pem"; }
  SUBCASE("a bad listen address") { options.listen = "localhost"; }
  SUBCASE("a token file that does not exist") { options.auth_token_file = "/nonexistent/token"; }
  http::SidecarServer server(options, board, audit.log, clock, fs);
  base::Status started = server.Start();
  CHECK_FALSE(started.ok());
  CHECK(server.port() == -1);
}

TEST_CASE("Stop closes the listener and every connection, it may be called twice") {
  auto f = std::make_unique<SidecarFixture>();
  int port = f->port();
  RawClient idle(port);
  CHECK(HttpGet(port, "/healthz").status == 200);
  f->server->Stop();
  f->server->Stop();
  CHECK(idle.ReadUntilClosed(std::chrono::seconds(2)).empty());
  CHECK(idle.closed());
  CHECK(HttpGet(port, "/healthz").status == -1);
}

TEST_CASE("a kept-alive connection serves pipelined requests in order") {
  SidecarFixture f;
  f.Beat();
  RawClient client(f.port());
  REQUIRE(
      client.Send("GET /healthz HTTP/1.1\r\n\r\nGET /readyz HTTP/1.1\r\n\r\n"
                  "HEAD /metrics HTTP/1.1\r\nConnection: close\r\n\r\n"));
  std::string raw = client.ReadUntilClosed(std::chrono::seconds(5));
  CHECK(client.closed());
  size_t first = raw.find("HTTP/1.1 200");
  size_t second = raw.find("HTTP/1.1 503", first);
  size_t third = raw.find("HTTP/1.1 200", second);
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(third != std::string::npos);
}

TEST_CASE("a kept-alive connection idle past the keep-alive timeout is closed silently") {
  SidecarFixture f;
  RawClient client(f.port());
  REQUIRE(client.Send("GET /healthz HTTP/1.1\r\n\r\n"));
  std::string first = client.ReadSome(std::chrono::seconds(2));
  CHECK(StatusOf(first) == 200);
  CHECK(client.ReadUntilClosed(std::chrono::seconds(3)).empty());
  CHECK(client.closed());
}

TEST_CASE("no canary secret appears in any response, header or error") {
  SidecarFixture f;
  f.audit.log.SetSecrets({kCanarySecret});
  f.Beat();
  MarkWatcherHealthy(f.board);
  PublishFailing(f.board);
  f.board.RecordReload({"signal:ats-core", "failure", TestNow(), 1,
                        std::string("leaked by a bug: ") + kCanarySecret});
  std::vector<std::string> heads = {
      "GET /healthz HTTP/1.1\r\n\r\n",
      "GET /readyz HTTP/1.1\r\n\r\n",
      "GET /status HTTP/1.1\r\n\r\n",
      "GET /metrics HTTP/1.1\r\n\r\n",
      "HEAD /status HTTP/1.1\r\n\r\n",
      "GET /nowhere HTTP/1.1\r\n\r\n",
      "POST /status HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
      "GET /" + std::string(kCanarySecret) + " HTTP/1.1\r\n\r\n",
      "BROKEN\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n",
  };
  for (const std::string& head : heads) {
    CAPTURE(head.substr(0, 40));
    RawClient client(f.port());
    REQUIRE(client.Send(head));
    std::string raw = client.ReadSome(std::chrono::seconds(3));
    CHECK(StatusOf(raw) > 0);
    CHECK(raw.find(kCanarySecret) == std::string::npos);
    CHECK(raw.find(kStrongDbPassword) == std::string::npos);
    CHECK(raw.find(kStrongEncryptionKey) == std::string::npos);
  }
  for (const std::string& line : f.audit.sink.lines()) {
    CHECK(line.find(kCanarySecret) == std::string::npos);
  }
}

}  // namespace
}  // namespace atsguard::testing
