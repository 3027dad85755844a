// Fault injection against the real binary: what the environment does to a sidecar in a
// cluster (a starved process whose inotify queue overflows, secrets replaced by FIFOs, a
// reload target that hangs, refuses or goes away). Each fault is recovered from or
// reported, and the sidecar stays live throughout.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include "integration/watch_rig.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/reliability_record.h"
#include "support/tls_client.h"

namespace atsguard::testing {
namespace {

// A published default: JWT-07 blocks it in the rig's policy (development, block at high).
constexpr const char* kWeakJwt = "your-256-bit-secret";

double Metric(int port, const std::string& series) {
  return SampleValue(HttpGet(port, "/metrics").body, series).value_or(-1);
}

// True when one line of `out` holds every one of `parts` (an audit event's fields).
bool AnyLineHas(const std::string& out, const std::vector<std::string>& parts) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    bool all = true;
    for (const std::string& part : parts) all = all && line.find(part) != std::string::npos;
    if (all) return true;
  }
  return false;
}

TEST_CASE("faults: an inotify queue overflow is followed by a rescan of the final content") {
  WatchRig rig({"--min-reload-interval", "0s"}, /*plain_dir=*/true);
  const int port = rig.HttpPort();
  REQUIRE(WaitForHttpStatus(port, "/readyz", 200, seconds(10)));
  const long queue = std::stol(ReadFile("/proc/sys/fs/inotify/max_queued_events"));

  // A sidecar throttled by its CPU limit cannot drain its queue while a writer floods the
  // directory; SIGSTOP makes the starvation certain instead of likely.
  rig.guard().Signal(SIGSTOP);
  const std::string dir = rig.writer().dir();
  long events = 0;
  for (int i = 0; events <= 2 * queue; ++i) {
    const std::string path = dir + "/flood-" + std::to_string(i % 64);
    WriteFile(path, "x", 0600);     // CREATE, CLOSE_WRITE (and ATTRIB)
    std::filesystem::remove(path);  // DELETE
    events += 3;
  }
  rig.Rotate(rig.WithJwt(kWeakJwt));  // the last write, lost in the overflow
  rig.guard().Signal(SIGCONT);

  CHECK_MESSAGE(rig.guard().WaitForErr("inotify queue overflowed", seconds(10)), rig.guard().err());
  CHECK(WaitForHttpStatus(port, "/readyz", 503, seconds(10)));
  CHECK(Metric(port, "ats_guard_watch_errors_total{reason=\"overflow\"}") >= 1);
  CHECK(HttpGet(port, "/healthz").status == 200);
  // And inotify works again after the rescan.
  rig.Rotate(rig.WithJwt(RandomSecrets().at("jwt-secret").content));
  CHECK(WaitForHttpStatus(port, "/readyz", 200, seconds(10)));
  RecordReliability("fault: inotify queue overflow",
                    "~" + std::to_string(events) + " events into a " + std::to_string(queue) +
                        "-event queue of a stopped sidecar",
                    "overflow reported (log, metric); rescan evaluated the final content; "
                    "watching resumed; stayed live");
}

TEST_CASE("faults: secrets replaced by FIFOs are findings, regular files again pass") {
  WatchRig rig({"--min-reload-interval", "0s"}, /*plain_dir=*/true);
  const int port = rig.HttpPort();
  REQUIRE(WaitForHttpStatus(port, "/readyz", 200, seconds(10)));
  const std::string dir = rig.writer().dir();
  for (const auto& [key, file] : rig.last()) {
    std::filesystem::remove(dir + "/" + key);
    REQUIRE(::mkfifo((dir + "/" + key).c_str(), 0600) == 0);
  }
  REQUIRE(WaitForHttpStatus(port, "/readyz", 503, seconds(10)));
  // /readyz names the blocking findings only; /status has every finding with its message.
  const std::string status = HttpGet(port, "/status").body;
  INFO(status);
  CHECK(status.find("is a FIFO") != std::string::npos);
  CHECK(HttpGet(port, "/healthz").status == 200);
  for (const auto& [key, file] : rig.last()) std::filesystem::remove(dir + "/" + key);
  rig.Rotate(RandomSecrets());
  CHECK(WaitForHttpStatus(port, "/readyz", 200, seconds(10)));
  RecordReliability("fault: secret files replaced by FIFOs", "3 FIFOs in a watched directory",
                    "reported as findings without blocking on a read; recovered; stayed live");
}

// A reload webhook under the test's control, on one socket: bound but not listening
// (connections refused), listening without accepting (connections hang), then
// answering 200 to everything.
class StubbornWebhook {
 public:
  StubbornWebhook() { fd_ = BindLoopbackSocket(&port_); }
  ~StubbornWebhook() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);  // wakes a blocked accept
    if (answerer_.joinable()) answerer_.join();
    ::close(fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/-/reload"; }
  void Hang() { REQUIRE(::listen(fd_, 64) == 0); }
  void Answer() {
    answerer_ = std::thread([this] {
      while (!stop_) {
        const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) return;
        char buffer[4096];
        (void)::recv(client, buffer, sizeof buffer, 0);
        const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::send(client, reply, sizeof reply - 1, MSG_NOSIGNAL);
        ::close(client);
      }
    });
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread answerer_;
};

TEST_CASE("faults: a webhook that refuses, then hangs, never stops watching, delivered later") {
  StubbornWebhook webhook;
  WatchRig rig({"--reload", "http", "--webhook-url", webhook.url(), "--webhook-timeout", "1s",
                "--min-reload-interval", "0s"});
  const int port = rig.HttpPort();
  auto watching_goes_on = [&] {
    const auto start = std::chrono::steady_clock::now();
    rig.Rotate(rig.WithJwt(kWeakJwt));
    CHECK(WaitForHttpStatus(port, "/readyz", 503, seconds(3)));
    rig.Rotate(RandomSecrets());
    CHECK(WaitForHttpStatus(port, "/readyz", 200, seconds(3)));
    CHECK(HttpGet(port, "/healthz").status == 200);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  rig.Rotate(RandomSecrets());
  const std::string retry = "\"result\":\"retry\"";
  REQUIRE(rig.guard().WaitForOut(retry, seconds(10), 2));
  const double refused_s = watching_goes_on();

  webhook.Hang();
  const int retries = CountOf(rig.guard().out(), retry);
  // Each attempt now waits out the 1 s timeout before it is retried.
  REQUIRE(rig.guard().WaitForOut(retry, seconds(20), retries + 2));
  const double hanging_s = watching_goes_on();

  webhook.Answer();
  // The backoff is capped at 5 s: the next attempt lands within that and succeeds.
  const std::vector<std::string> delivered = {"\"subject\":\"" + webhook.url() + "\"",
                                              "\"result\":\"success\""};
  CHECK_MESSAGE(rig.guard().WaitFor(
                    [&](const std::string& out, const std::string&) {
                      return AnyLineHas(out, delivered);
                    },
                    seconds(20)),
                rig.guard().out());
  CHECK(Metric(port, "ats_guard_reloads_total{target=\"" + webhook.url() +
                         "\",result=\"success\"}") >= 1);
  char result[200];
  std::snprintf(result, sizeof result,
                "retried with backoff; rotations evaluated meanwhile (%.1f s refused, %.1f s "
                "hanging, for a fail-and-recover pair); delivered once it answered; stayed live",
                refused_s, hanging_s);
  RecordReliability("fault: webhook refusing, then hanging", "1 s timeout, retries", result);
}

TEST_CASE("faults: a signal target that exits is a reported failure, its successor is signalled") {
  WatchRig rig({"--min-reload-interval", "0s"});
  const int port = rig.HttpPort();
  rig.Rotate(RandomSecrets());
  REQUIRE(rig.WaitHup(1));
  rig.counter().Signal(SIGTERM);
  REQUIRE(rig.counter().Wait(seconds(5)));

  rig.Rotate(RandomSecrets());
  CHECK(rig.guard().WaitForOut("\"action_taken\":\"reload_failed\"", seconds(10)));
  CHECK(HttpGet(port, "/healthz").status == 200);

  rig.StartCounter();
  rig.Rotate(RandomSecrets());
  CHECK_MESSAGE(rig.WaitHup(1), rig.guard().err());
  RecordReliability("fault: signal target exits and comes back", "1 exit, 1 restart (new PID)",
                    "reload while absent reported as failed; new PID signalled; stayed live");
}

}  // namespace
}  // namespace atsguard::testing
