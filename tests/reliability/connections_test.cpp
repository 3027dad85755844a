// 1,000 concurrent connections, half of them slow clients that never finish their
// request, against the real sidecar while the kubelet rotates its secrets. Every client
// gets an answer or a close within the server's timeouts, the watcher keeps evaluating,
// and descriptors return to where they were.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <map>
#include <memory>

#include "reliability/soak_support.h"
#include "support/reliability_record.h"

namespace atsguard::testing {
namespace {

constexpr int kConnections = 1000;

// The test holds every client socket itself, and the sidecar inherits the limit.
void RaiseDescriptorLimit() {
  rlimit limit{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
  limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 4 * kConnections);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
  REQUIRE(limit.rlim_cur >= static_cast<rlim_t>(kConnections + 100));
}

std::string Summary(const std::map<int, int>& statuses) {
  std::string text;
  for (const auto& [status, count] : statuses) {
    if (!text.empty()) text += ", ";
    text += std::to_string(count) + " x " + (status < 0 ? "none" : std::to_string(status));
  }
  return text;
}

TEST_CASE("load: 1,000 concurrent connections and slow clients while rotations run") {
  RaiseDescriptorLimit();
  WatchRig rig;
  const pid_t guard = rig.guard().pid();
  const int port = rig.HttpPort();
  REQUIRE(WaitForHttpStatus(port, "/readyz", 200, seconds(10)));
  const int fds_before = SettledFds(guard);
  const long rss_before = StatusKiB(guard, "VmRSS");

  std::atomic<bool> rotating{true};
  std::atomic<int> rotations{0};
  std::thread rotator([&] {
    while (rotating) {
      RotateQuietly(rig, rotations++);
      std::this_thread::sleep_for(milliseconds(10));
    }
  });

  // Even connections are slow clients (half a request head, then silence); odd ones send
  // a complete request and read the answer.
  std::vector<std::unique_ptr<RawClient>> slow, fast;
  for (int i = 0; i < kConnections; ++i) {
    auto client = std::make_unique<RawClient>(port);
    if (i % 2 == 0) {
      client->Send("GET /metrics HTTP/1.1\r\nHost: ats-guard\r\n");
      slow.push_back(std::move(client));
    } else {
      client->Send("GET /" + std::string(i % 4 == 1 ? "metrics" : "status") +
                   " HTTP/1.1\r\nHost: ats-guard\r\nConnection: close\r\n\r\n");
      fast.push_back(std::move(client));
    }
  }
  std::map<int, int> fast_statuses, slow_statuses;
  for (auto& client : fast) ++fast_statuses[StatusOf(client->ReadUntilClosed(seconds(15)))];
  // Slow clients hold their slot until the 10 s request timeout cuts them (408), or were
  // turned away at the connection cap (503).
  const auto slow_start = std::chrono::steady_clock::now();
  for (auto& client : slow) ++slow_statuses[StatusOf(client->ReadUntilClosed(seconds(15)))];
  const double slow_cut_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - slow_start).count();
  bool all_closed = true;
  for (auto& client : slow) all_closed = all_closed && client->closed();
  slow.clear();
  fast.clear();

  rotating = false;
  rotator.join();
  CHECK(HttpGet(port, "/healthz").status == 200);
  // The watcher kept up: the last content written is the one delivered and evaluated.
  CHECK_MESSAGE(DeliveredLast(rig), rig.guard().err());
  rig.Rotate(rig.WithJwt("your-256-bit-secret"));
  CHECK(WaitForHttpStatus(port, "/readyz", 503, seconds(10)));
  const int fds_after = SettledFds(guard);
  const long rss_after = StatusKiB(guard, "VmRSS");

  CAPTURE(Summary(fast_statuses));
  CAPTURE(Summary(slow_statuses));
  CHECK(fast_statuses.count(-1) == 0);  // every complete request was answered
  CHECK(fast_statuses[200] > 0);
  for (const auto& [status, count] : fast_statuses) CHECK((status == 200 || status == 503));
  for (const auto& [status, count] : slow_statuses) CHECK((status == 408 || status == 503));
  CHECK(all_closed);
  CHECK(fds_after == fds_before);

  char load[160], result[300];
  std::snprintf(load, sizeof load, "%d connections at once (%d slow), %d kubelet rotations meanwhile",
                kConnections, kConnections / 2, rotations.load());
  std::snprintf(result, sizeof result,
                "complete requests: %s; slow clients: %s, all cut within %.1f s; stayed live; "
                "last content evaluated; fds %d -> %d; RSS %ld -> %ld KiB",
                Summary(fast_statuses).c_str(), Summary(slow_statuses).c_str(), slow_cut_s,
                fds_before, fds_after, rss_before, rss_after);
  RecordReliability("load: concurrent and slow clients", load, result);
}

}  // namespace
}  // namespace atsguard::testing
