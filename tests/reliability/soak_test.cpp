// Soak: kubelet-style rotations at full speed against the real binary while readers
// scrape /metrics and /status. Memory and descriptors must stay flat, and the last
// content written must be the one evaluated and delivered.
#include <doctest/doctest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "reliability/soak_support.h"
#include "support/proc_stats.h"
#include "support/reliability_record.h"

namespace atsguard::testing {
namespace {

// 10,000 by default (the load); ATSGUARD_SOAK_ROTATIONS shortens a local run.
int Rotations() {
  const char* text = std::getenv("ATSGUARD_SOAK_ROTATIONS");
  return text != nullptr ? std::atoi(text) : 10000;
}

struct Sample {
  long rss_kib;
  long anon_kib;
  int fds;
};

Sample Measure(pid_t pid) {
  return {StatusKiB(pid, "VmRSS"), StatusKiB(pid, "RssAnon"), SettledFds(pid)};
}

TEST_CASE("soak: rotations at full speed under scrapes keep memory and descriptors flat") {
  const int rotations = Rotations();
  const int warm_up = std::max(1, rotations / 10);
  WatchRig rig;
  const pid_t guard = rig.guard().pid();
  const int port = rig.HttpPort();
  long requests = 0, failures = 0;

  auto run = [&](int count) {
    Readers readers(port);
    for (int i = 0; i < count; ++i) RotateQuietly(rig, i);
    readers.Stop();
    requests += readers.requests();
    failures += readers.failures();
  };

  const auto start = std::chrono::steady_clock::now();
  run(warm_up);
  REQUIRE(DeliveredLast(rig));
  const Sample before = Measure(guard);
  run(rotations - warm_up);
  // The final content written: a passing set, delivered to the application...
  const std::string final_jwt = RandomSecrets().at("jwt-secret").content;
  rig.Rotate(rig.WithJwt(final_jwt));
  REQUIRE_MESSAGE(DeliveredLast(rig), rig.guard().err());
  const double seconds_taken =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Sample after = Measure(guard);
  // ...then one that fails: the verdict must follow it, not an older version.
  rig.Rotate(rig.WithJwt("your-256-bit-secret"));
  CHECK(WaitForHttpStatus(port, "/readyz", 503, seconds(10)));
  const nlohmann::json status = nlohmann::json::parse(HttpGet(port, "/status").body);
  CHECK(status["verdict"] == "fail");
  CHECK(HttpGet(port, "/healthz").status == 200);

  CAPTURE(before.rss_kib);
  CAPTURE(after.rss_kib);
  CHECK(after.rss_kib - before.rss_kib < 1024);
  CHECK(after.anon_kib - before.anon_kib < 1024);
  CHECK(after.fds == before.fds);
  CHECK(failures == 0);
  CHECK(requests > 0);

  char load[160], result[200];
  std::snprintf(load, sizeof load,
                "%d kubelet rotations in %.1f s, %ld scrapes of /metrics and /status meanwhile",
                rotations, seconds_taken, requests);
  std::snprintf(result, sizeof result,
                "0 crashes; last content delivered and evaluated; RSS %+ld KiB, RssAnon %+ld KiB "
                "after warm-up; fds %d -> %d; %ld failed scrapes",
                after.rss_kib - before.rss_kib, after.anon_kib - before.anon_kib, before.fds,
                after.fds, failures);
  RecordReliability("soak: rotations under scrapes", load, result);
}

}  // namespace
}  // namespace atsguard::testing
