#include "http/request_processor.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "support/audit_capture.h"
#include "support/fake_clock.h"
#include "support/http_client.h"
#include "support/inputs_builder.h"
#include "support/metrics_text.h"
#include "support/status_fixtures.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

constexpr const char* kToken = "scrape-token-0123456789abcdef";

// Reading /explode/stat throws, as a bug in a collector would.
class ExplodingFileSystem : public sys::PosixFileSystem {
 public:
  base::Result<std::string> ReadFile(const std::string& path, size_t max_bytes) const override {
    if (path == "/explode/stat") throw std::runtime_error("collector bug: " + path);
    return sys::PosixFileSystem::ReadFile(path, max_bytes);
  }
};

struct Answer {
  RawResponse response;
  bool close = false;
};

// A RequestProcessor over a board the test fills; requests go in as raw heads, no sockets.
struct Processor {
  explicit Processor(http::ServerOptions options = {}, bool tls = false,
                     metrics::ProcessSource process = metrics::ProcessSource::Current())
      : metrics(board, clock, fs, process) {
    if (!options.auth_token_file.empty()) {
      auth = std::make_unique<http::BearerAuth>(options.auth_token_file, fs, clock,
                                                std::chrono::seconds(1));
      REQUIRE(auth->Load().ok());
    }
    if (options.rate_limit_rpm > 0) {
      limiter = std::make_unique<http::RateLimiter>(options.rate_limit_rpm, 100, clock);
    }
    board.Heartbeat(clock.MonotonicNow());
    processor = std::make_unique<http::RequestProcessor>(
        options, tls,
        http::ProcessorDeps{board, metrics, audit.log, clock, auth.get(), limiter.get()},
        clock.MonotonicNow());
  }

  Answer Send(const std::string& head, bool last = false) {
    http::HandlerResponse response = processor->Handle(head, {"10.1.2.3", 40000}, last);
    return {ParseResponse(response.bytes), response.close};
  }
  Answer Get(const std::string& path, const std::string& extra_headers = "") {
    return Send("GET " + path + " HTTP/1.1\r\nHost: sidecar\r\n" + extra_headers + "\r\n");
  }

  FakeClock clock;
  ExplodingFileSystem fs;
  AuditCapture audit{clock};
  status::StatusBoard board{"production-financial"};
  metrics::SidecarMetrics metrics;
  std::unique_ptr<http::BearerAuth> auth;
  std::unique_ptr<http::RateLimiter> limiter;
  std::unique_ptr<http::RequestProcessor> processor;
};

// A processor requiring kToken on /metrics and /status.
struct TokenProcessor {
  TokenProcessor() { WriteFile(dir.Sub("token"), kToken); }
  http::ServerOptions Options() const {
    http::ServerOptions options;
    options.auth_token_file = dir.Sub("token");
    return options;
  }
  TempDir dir;
};

void CheckSecurityHeaders(const RawResponse& response, bool tls) {
  CHECK(response.headers.at("x-content-type-options") == "nosniff");
  CHECK(response.headers.at("cache-control") == "no-store");
  CHECK(response.headers.at("content-security-policy") ==
        "default-src 'none'; frame-ancestors 'none'");
  CHECK(response.headers.count("strict-transport-security") == (tls ? 1 : 0));
}

TEST_CASE("the four endpoints answer GET with the security headers") {
  Processor p;
  MarkWatcherHealthy(p.board);
  PublishPassing(p.board);
  for (const char* path : {"/healthz", "/readyz", "/status", "/metrics"}) {
    CAPTURE(path);
    Answer answer = p.Get(path);
    CHECK(answer.response.status == 200);
    CHECK_FALSE(answer.close);
    CheckSecurityHeaders(answer.response, false);
  }
  CHECK(p.Get("/metrics").response.headers.at("content-type") ==
        "text/plain; version=0.0.4; charset=utf-8");
  CHECK(p.Get("/status").response.headers.at("content-type") == "application/json");
}

TEST_CASE("under TLS every response also carries HSTS") {
  Processor p({}, /*tls=*/true);
  CheckSecurityHeaders(p.Get("/healthz").response, true);
  CheckSecurityHeaders(p.Get("/nowhere").response, true);
}

TEST_CASE("HEAD answers the headers of GET without the body") {
  Processor p;
  Answer answer = p.Send("HEAD /healthz HTTP/1.1\r\n\r\n");
  CHECK(answer.response.status == 200);
  CHECK(answer.response.headers.at("content-length") == "3");
  CHECK(answer.response.body.empty());
}

TEST_CASE("other methods get 405 with Allow, and the connection closes") {
  Processor p;
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    CAPTURE(method);
    Answer answer = p.Send(std::string(method) + " /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    CHECK(answer.response.status == 405);
    CHECK(answer.response.headers.at("allow") == "GET, HEAD");
    CHECK(answer.response.headers.at("connection") == "close");
    CHECK(answer.response.headers.count("keep-alive") == 0);
    CHECK(answer.close);
  }
  CHECK(SampleValue(p.metrics.Render(),
                    "ats_guard_http_requests_total{code=\"405\",path=\"/metrics\"}") == 5);
}

TEST_CASE("a request with a body gets 413 and the connection closes") {
  Processor p;
  for (const char* framing : {"Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n"}) {
    CAPTURE(framing);
    Answer answer = p.Send(std::string("GET /healthz HTTP/1.1\r\n") + framing + "\r\n");
    CHECK(answer.response.status == 413);
    CHECK(answer.close);
  }
}

TEST_CASE("unknown paths get 404 and are counted as other") {
  Processor p;
  CHECK(p.Get("/admin").response.status == 404);
  CHECK(p.Get("/metrics/").response.status == 404);
  CHECK(SampleValue(p.metrics.Render(),
                    "ats_guard_http_requests_total{code=\"404\",path=\"other\"}") == 2);
}

TEST_CASE("an unparsable request gets 400 and the connection closes") {
  Processor p;
  Answer answer = p.Send("GARBAGE\r\n\r\n");
  CHECK(answer.response.status == 400);
  CHECK(answer.close);
}

TEST_CASE("a rejected request line read as HEAD gets a 400 whose Content-Length is true") {
  Processor p;
  for (const char* head : {"HEAD\r\n\r\n", "HEAD /healthz\r\n\r\n", "HEAD / HTTP/9.9\r\n\r\n"}) {
    CAPTURE(head);
    Answer answer = p.Send(head);
    CHECK(answer.response.status == 400);
    CHECK(answer.response.headers.at("content-length") ==
          std::to_string(answer.response.body.size()));
    CHECK(answer.close);
  }
}

TEST_CASE("the last request a connection may carry is answered with Connection: close") {
  Processor p;
  Answer answer = p.Send("GET /healthz HTTP/1.1\r\n\r\n", /*last=*/true);
  CHECK(answer.response.status == 200);
  CHECK(answer.response.headers.at("connection") == "close");
  CHECK(answer.close);
  CHECK(p.Send("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n").close);
  CHECK(p.Send("GET /healthz HTTP/1.0\r\n\r\n").close);
}

TEST_CASE("with a token, /metrics and /status need it and the probes do not") {
  TokenProcessor token;
  Processor p(token.Options());
  const std::string good = std::string("Authorization: Bearer ") + kToken + "\r\n";
  CHECK(p.Get("/metrics", good).response.status == 200);
  CHECK(p.Get("/status", good).response.status == 200);
  CHECK(p.Get("/healthz").response.status == 200);
  CHECK(p.Get("/readyz").response.status == 503);  // not ready, but not refused

  Answer refused = p.Get("/metrics", "Authorization: Bearer not-the-token-0123456789\r\n");
  CHECK(refused.response.status == 401);
  CHECK(refused.response.headers.at("www-authenticate") == "Bearer realm=\"ats-guard\"");
  CHECK(p.Get("/status").response.status == 401);
  CHECK(p.Get("/metrics", good + good).response.status == 401);  // two Authorization headers
  CHECK(SampleValue(p.metrics.Render(), "ats_guard_http_auth_failures_total") == 3);
}

TEST_CASE("a refused token is audited with the client address, severity and action") {
  TokenProcessor token;
  Processor p(token.Options());
  p.Get("/metrics", "Authorization: Bearer guessed-token-0123456789\r\n");
  p.Get("/metrics", "Authorization: Bearer guessed-token-0123456789\r\n");
  auto events = p.audit.sink.Events("http_auth_failure");
  REQUIRE(events.size() == 1);  // the second is held back for the throttle window
  CHECK(events[0]["client_ip"] == "10.1.2.3");
  CHECK(events[0]["severity"] == "medium");
  CHECK(events[0]["action_taken"] == "deny_request");
  CHECK(events[0]["subject"] == "/metrics");
  CHECK(events[0]["message"] == "refused /metrics: wrong bearer token");
  for (const std::string& line : p.audit.sink.lines()) {
    CHECK(line.find("guessed-token") == std::string::npos);
    CHECK(line.find(kToken) == std::string::npos);
  }
  p.clock.Advance(std::chrono::seconds(10));
  p.Get("/status");
  events = p.audit.sink.Events("http_auth_failure");
  REQUIRE(events.size() == 2);
  CHECK(events[1]["suppressed_since_last"] == 1);
  CHECK(events[1]["message"] == "refused /status: missing bearer token");
}

TEST_CASE("over the rate limit: 429 with Retry-After, counted, audited") {
  http::ServerOptions options;
  options.rate_limit_rpm = 3;
  Processor p(options);
  for (int i = 0; i < 3; ++i) REQUIRE(p.Get("/metrics").response.status == 200);
  Answer refused = p.Get("/metrics");
  CHECK(refused.response.status == 429);
  CHECK(refused.response.headers.at("retry-after") == "20");
  CHECK_FALSE(refused.close);
  CHECK(SampleValue(p.metrics.Render(), "ats_guard_http_rate_limited_total") == 1);
  auto events = p.audit.sink.Events("http_rate_limited");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["client_ip"] == "10.1.2.3");
  CHECK(events[0]["action_taken"] == "throttle_request");
  CHECK(events[0]["retry_after_seconds"] == 20);
}

TEST_CASE("the kubelet's probes are never rate limited") {
  http::ServerOptions options;
  options.rate_limit_rpm = 1;
  Processor p(options);
  for (int i = 0; i < 50; ++i) {
    CHECK(p.Get("/healthz").response.status == 200);
    CHECK(p.Get("/readyz").response.status != 429);
  }
  CHECK(p.Get("/status").response.status == 200);
  CHECK(p.Get("/status").response.status == 429);
}

TEST_CASE("a handler that throws answers 500, keeps its reason inside and is counted") {
  metrics::ProcessSource broken;
  broken.self_dir = "/explode";
  Processor p({}, false, broken);
  Answer answer = p.Get("/metrics");
  CHECK(answer.response.status == 500);
  CHECK(answer.response.body == "internal error\n");
  CHECK(answer.response.headers.count("exception_what") == 0);
  CheckSecurityHeaders(answer.response, false);
  CHECK(p.Get("/healthz").response.status == 200);  // the next request is served normally
  std::string text =
      p.processor->Handle("GET /healthz HTTP/1.1\r\n\r\n", {"1.1.1.1", 1}, false).bytes;
  CHECK(StatusOf(text) == 200);
}

TEST_CASE("/metrics is rendered at most once per cache period") {
  http::ServerOptions options;
  options.metrics_cache = std::chrono::seconds(1);
  Processor p(options);
  std::string first = p.Get("/metrics").response.body;
  const std::string series = "ats_guard_http_requests_total{code=\"200\",path=\"/metrics\"}";
  CHECK_FALSE(SampleValue(first, series));  // rendered before the request was counted
  CHECK(p.Get("/metrics").response.body == first);
  p.clock.Advance(std::chrono::milliseconds(999));
  CHECK(p.Get("/metrics").response.body == first);
  p.clock.Advance(std::chrono::milliseconds(1));
  CHECK(SampleValue(p.Get("/metrics").response.body, series) == 3);
}

TEST_CASE("bodies pass the redactor: a secret leaked into the board never leaves") {
  Processor p;
  p.audit.log.SetSecrets({kCanarySecret});
  PublishFailing(p.board);
  p.board.RecordReload({"http://127.0.0.1:8080/-/reload", "failure", TestNow(), 2,
                        std::string("peer said: bad secret ") + kCanarySecret});
  p.board.SetWatcher({"polling", false, {std::string("cannot read ") + kCanarySecret}});
  for (const char* path : {"/healthz", "/readyz", "/status", "/metrics"}) {
    CAPTURE(path);
    Answer answer = p.Get(path);
    CHECK(answer.response.body.find(kCanarySecret) == std::string::npos);
  }
  CHECK(p.Get("/status").response.body.find("[REDACTED]") != std::string::npos);
}

}  // namespace
}  // namespace atsguard::testing
