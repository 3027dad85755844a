#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/sidecar_fixture.h"
#include "support/status_fixtures.h"

namespace atsguard::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

// VmRSS of this process (the server under test runs in it), in KiB.
long ResidentKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::string Metrics(const SidecarFixture& f) { return HttpGet(f.port(), "/metrics").body; }

TEST_CASE("a request head over the header limit gets 431 and the connection closes") {
  SidecarFixture f;
  RawClient client(f.port());
  REQUIRE(
      client.Send("GET /healthz HTTP/1.1\r\nX-Padding: " + std::string(20000, 'a') + "\r\n\r\n"));
  std::string raw = client.ReadUntilClosed(seconds(5));
  CHECK(StatusOf(raw) == 431);
  CHECK(client.closed());
  CHECK(ParseResponse(raw).headers.at("connection") == "close");
  std::string metrics = Metrics(f);
  CHECK(SampleValue(metrics, "ats_guard_http_requests_total{code=\"431\",path=\"other\"}") == 1);
  CHECK(SampleValue(metrics,
                    "ats_guard_http_connections_dropped_total{reason=\"header_too_large\"}") == 1);
}

TEST_CASE("an endless request line never makes the server buffer it") {
  // cpp-httplib's own server buffers a request line until its newline: 300 MB sent on one
  // connection became 300 MB of resident memory. Here the head stops at 8 KiB.
  SidecarFixture f;
  long before = ResidentKib();
  RawClient client(f.port());
  std::string chunk(1 << 20, 'a');
  REQUIRE(client.Send("GET /"));
  size_t sent_mib = 0;
  while (sent_mib < 64 && client.Send(chunk)) ++sent_mib;
  CHECK(sent_mib < 64);  // the server closed the connection long before
  CHECK(ResidentKib() - before < 8 * 1024);
}

TEST_CASE("a slow client is cut off at the request timeout while others are served") {
  SidecarFixture f;  // request timeout 1 s
  f.Beat();
  RawClient slow(f.port());
  REQUIRE(slow.Send("GET /healthz HTTP/1.1\r\n"));
  auto started = Clock::now();

  std::atomic<int> served{0};
  std::atomic<long long> worst_ms{0};
  std::thread others([&] {
    for (int i = 0; i < 20; ++i) {
      auto t0 = Clock::now();
      if (HttpGet(f.port(), "/healthz").status == 200) ++served;
      long long ms = std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count();
      worst_ms = std::max(worst_ms.load(), ms);
    }
  });

  // One header line every 200 ms: each read is quick, the head never completes. (The
  // pauses are the behaviour under test, not synchronisation.)
  std::string raw;
  while (!slow.closed() && Clock::now() - started < seconds(5)) {
    if (!slow.Send("X-Trickle: 1\r\n")) break;
    raw += slow.ReadSome(milliseconds(200));
  }
  raw += slow.ReadUntilClosed(seconds(2));
  others.join();
  auto cut_after = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  CHECK(StatusOf(raw) == 408);
  CHECK(slow.closed());
  CHECK(cut_after < seconds(3));
  CHECK(served == 20);
  CHECK(worst_ms < 500);
  CHECK(SampleValue(Metrics(f),
                    "ats_guard_http_connections_dropped_total{reason=\"request_timeout\"}") == 1);
}

TEST_CASE("a client that stops reading is cut at the write timeout") {
  SidecarFixture f;  // write timeout 1 s
  RawClient greedy(f.port(), /*receive_buffer=*/4096);
  std::string pipeline;
  for (int i = 0; i < 2000; ++i) pipeline += "GET /metrics HTTP/1.1\r\n\r\n";
  greedy.Send(pipeline);  // and never read a response
  const std::string dropped = "ats_guard_http_connections_dropped_total{reason=\"write_timeout\"}";
  auto deadline = Clock::now() + seconds(10);
  std::optional<double> count;
  while (!count && Clock::now() < deadline) count = SampleValue(Metrics(f), dropped);
  CHECK(count == 1);
  CHECK(HttpGet(f.port(), "/healthz").status != -1);  // everyone else is still served
}

TEST_CASE("a client that connects and sends nothing is dropped at the request timeout") {
  SidecarFixture f;
  RawClient silent(f.port());
  auto started = Clock::now();
  CHECK(silent.ReadUntilClosed(seconds(5)).empty());
  CHECK(silent.closed());
  CHECK(Clock::now() - started < seconds(3));
}

TEST_CASE("over the connection cap, new clients get 503 until a slot frees") {
  http::ServerOptions options = LoopbackOptions();
  options.max_connections = 2;
  options.timeouts.request = seconds(10);
  options.timeouts.keep_alive = seconds(10);
  SidecarFixture f(options);
  auto first = std::make_unique<RawClient>(f.port());
  RawClient second(f.port());
  // Both are accepted (a request on each proves it) and then held open.
  REQUIRE(first->Send("GET /healthz HTTP/1.1\r\n\r\n"));
  REQUIRE(second.Send("GET /healthz HTTP/1.1\r\n\r\n"));
  REQUIRE(StatusOf(first->ReadSome(seconds(2))) > 0);
  REQUIRE(StatusOf(second.ReadSome(seconds(2))) > 0);

  RawClient third(f.port());
  std::string refused = third.ReadUntilClosed(seconds(3));
  CHECK(StatusOf(refused) == 503);
  CHECK(ParseResponse(refused).headers.at("retry-after") == "1");

  first.reset();  // a slot frees once the server notices the close
  auto deadline = Clock::now() + seconds(5);
  int status = -1;
  while (status != 200 && Clock::now() < deadline) status = HttpGet(f.port(), "/healthz").status;
  CHECK(status == 200);
  CHECK(SampleValue(Metrics(f),
                    "ats_guard_http_connections_dropped_total{reason=\"connection_limit\"}")
            .value_or(0) >= 1);
}

TEST_CASE("a burst over the rate limit gets 429 with Retry-After and one audit event") {
  http::ServerOptions options = LoopbackOptions();
  options.rate_limit_rpm = 5;
  SidecarFixture f(options);
  f.Beat();
  std::vector<int> codes;
  for (int i = 0; i < 12; ++i) codes.push_back(HttpGet(f.port(), "/metrics").status);
  CHECK(std::count(codes.begin(), codes.end(), 200) == 5);
  CHECK(std::count(codes.begin(), codes.end(), 429) == 7);
  HttpReply refused = HttpGet(f.port(), "/status");
  CHECK(refused.status == 429);
  CHECK(refused.Header("Retry-After") == "12");
  auto events = f.audit.sink.Events("http_rate_limited");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["client_ip"] == "127.0.0.1");
  CHECK(events[0]["severity"] == "low");
}

TEST_CASE("only GET and HEAD: other methods get 405 over the wire") {
  SidecarFixture f;
  HttpReply post = HttpRequest(f.port(), "POST", "/metrics", {}, "x=1");
  CHECK(post.status == 405);
  CHECK(post.Header("Allow") == "GET, HEAD");
  CHECK(HttpRequest(f.port(), "DELETE", "/status").status == 405);
  CHECK(HttpRequest(f.port(), "HEAD", "/healthz").status == 200);
}

}  // namespace
}  // namespace atsguard::testing
