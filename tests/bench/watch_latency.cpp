// Benchmark of `ats-guard watch`, run by hand:
//   build/tests/watch-latency-bench [ROTATIONS] [--metrics-load]
// --metrics-load keeps `wrk -t2 -c16` on the sidecar's /metrics through the rotations, to
// measure the reload latency while the endpoints are under load.
// Prints: latency from rename(..data_tmp, ..data) to the reload arriving (SIGHUP at a
// separate process, and a webhook receiver), p50/p99 over rotations 300 ms apart with
// default settings; reloads caused by 10 identical swaps and by bursts of 5 swaps; RSS and
// RssAnon idle and after the run; CPU ticks over 30 s idle; evaluation time of a full
// production set (cold and with the analysis cache).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <sstream>
#include <thread>

#include "integration/watch_rig.h"
#include "policy/analysis_cache.h"
#include "policy/evaluator.h"
#include "policy/policy_loader.h"
#include "support/inputs_builder.h"
#include "support/proc_stats.h"
#include "support/webhook_receiver.h"

namespace atsguard::testing {
namespace {

long long MonotonicNs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

std::vector<long long> HupTimes(const std::string& out) {
  std::vector<long long> times;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("hup ")) continue;
    times.push_back(std::stoll(line.substr(line.rfind(' ') + 1)));
  }
  return times;
}

void Percentiles(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  if (ms.empty()) {
    std::printf("%-34s no samples\n", what);
    return;
  }
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))]; };
  std::printf("%-34s n=%zu p50=%.3f ms p99=%.3f ms max=%.3f ms\n", what, ms.size(), at(0.50),
              at(0.99), ms.back());
}

void EvaluationTime() {
  auto tmpl = policy::LoadBuiltinTemplate("production-financial");
  InputsBuilder builder = InputsBuilder::Strong("production");
  secrets::InputSet inputs = builder.Build();
  policy::EvaluationOptions options;
  options.now = TestNow();
  auto time_one = [&](policy::AnalysisCache& cache, const secrets::InputSet& set) {
    const auto start = std::chrono::steady_clock::now();
    policy::Evaluation evaluation = policy::Evaluate(tmpl.value(), set, options, cache);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(evaluation.Passing());
    return ms;
  };
  std::vector<double> cold, warm;
  for (int i = 0; i < 20; ++i) {
    policy::AnalysisCache cache;
    cold.push_back(time_one(cache, inputs));
  }
  policy::AnalysisCache cache;
  (void)time_one(cache, inputs);
  for (int i = 0; i < 100; ++i) {
    builder.Set(secrets::InputId::kJwtSecret, crypto::Base64Encode(crypto::RandomBytes(64).value()));
    warm.push_back(time_one(cache, builder.Build()));
  }
  Percentiles("production set, cold evaluation", cold);
  Percentiles("production set, jwt-secret rotated", warm);
}

int Run(int rotations, bool metrics_load) {
  std::mutex mutex;
  std::vector<long long> webhook_times;
  WebhookReceiver receiver([&] {
    const long long now = MonotonicNs();
    std::lock_guard lock(mutex);
    webhook_times.push_back(now);
  });
  WatchRig rig({"--reload", "http", "--webhook-url", receiver.url()});
  const pid_t guard = rig.guard().pid();
  std::printf("ats-guard pid %d, default settings (debounce 100ms, min-reload-interval 250ms)\n",
              static_cast<int>(guard));
  // Let start-up allocations settle before the idle figures.
  rig.guard().WaitFor([](const std::string&, const std::string&) { return false; }, seconds(2));
  std::printf("idle:  VmRSS %s, RssAnon %s\n", StatusField(guard, "VmRSS").c_str(),
              StatusField(guard, "RssAnon").c_str());
  const long long ticks_before = CpuTicks(guard);
  std::this_thread::sleep_for(seconds(30));
  std::printf("CPU ticks over 30 s idle: %lld (utime+stime, %ld ticks/s)\n",
              CpuTicks(guard) - ticks_before, sysconf(_SC_CLK_TCK));

  std::unique_ptr<ChildProcess> wrk;
  if (metrics_load) {
    const std::string url = "http://127.0.0.1:" + std::to_string(rig.HttpPort()) + "/metrics";
    wrk = std::make_unique<ChildProcess>(
        std::vector<std::string>{"wrk", "-t2", "-c16", "-d3600s", "--latency", url},
        std::map<std::string, std::string>{});
    std::printf("under load: wrk -t2 -c16 on %s during the rotations\n", url.c_str());
  }
  std::vector<long long> renames;
  rig.writer().on_step = [&](WriterStep step) {
    // Just before rename(..data_tmp, ..data): a watcher woken by the rename may preempt the
    // writer before it could read the clock again, which would understate the latency.
    if (step == WriterStep::kLinkedDataTmp) renames.push_back(MonotonicNs());
  };
  for (int i = 0; i < rotations; ++i) {
    rig.Rotate(rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value())));
    REQUIRE(rig.WaitHup(i + 1, seconds(5)));
    REQUIRE(receiver.WaitForRequests(i + 1, seconds(5)));
    std::this_thread::sleep_for(milliseconds(300));
  }
  rig.writer().on_step = nullptr;
  if (wrk) {
    wrk->Signal(SIGINT);  // wrk prints its summary on SIGINT
    (void)wrk->Wait(seconds(5));
    const std::string summary = wrk->out();
    const size_t at = summary.find("Requests/sec");
    std::printf("wrk meanwhile: %s\n",
                at == std::string::npos ? "no summary"
                                        : summary.substr(at, summary.find('\n', at) - at).c_str());
  }
  std::vector<long long> hups = HupTimes(rig.counter().out());
  std::vector<double> signal_ms, webhook_ms;
  for (size_t i = 0; i < renames.size() && i < hups.size(); ++i) {
    signal_ms.push_back(static_cast<double>(hups[i] - renames[i]) / 1e6);
  }
  {
    std::lock_guard lock(mutex);
    for (size_t i = 0; i < renames.size() && i < webhook_times.size(); ++i) {
      webhook_ms.push_back(static_cast<double>(webhook_times[i] - renames[i]) / 1e6);
    }
  }
  std::printf("%d rotations, 300 ms apart; reloads: %d signals, %d webhook requests\n",
              rotations, rig.Hups(), receiver.requests());
  Percentiles("rename -> SIGHUP handler", signal_ms);
  Percentiles("rename -> webhook receiver", webhook_ms);

  const int hups_before = rig.Hups();
  rig.writer().skip_unchanged = false;
  for (int i = 0; i < 10; ++i) {
    rig.Rotate(rig.last());
    std::this_thread::sleep_for(milliseconds(300));
  }
  rig.writer().skip_unchanged = true;
  std::printf("10 identical-content swaps: %d reloads\n", rig.Hups() - hups_before);

  int burst_reloads = 0, final_delivered = 0;
  const int bursts = 10;
  for (int b = 0; b < bursts; ++b) {
    const int before = rig.Hups();
    for (int i = 0; i < 5; ++i) {
      rig.Rotate(rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value())));
    }
    std::this_thread::sleep_for(milliseconds(1000));
    burst_reloads += rig.Hups() - before;
    final_delivered += rig.LastHupHash() == Fnv1a(rig.last().at("jwt-secret").content) ? 1 : 0;
  }
  std::printf("%d bursts of 5 swaps: %.1f reloads per burst, final content delivered in %d/%d\n",
              bursts, static_cast<double>(burst_reloads) / bursts, final_delivered, bursts);
  std::printf("after: VmRSS %s, RssAnon %s\n", StatusField(guard, "VmRSS").c_str(),
              StatusField(guard, "RssAnon").c_str());
  EvaluationTime();
  return 0;
}

}  // namespace
}  // namespace atsguard::testing

int main(int argc, char** argv) {
  doctest::Context context;
  context.setAsDefaultForAssertsOutOfTestCases();
  int rotations = argc > 1 ? std::atoi(argv[1]) : 200;
  const bool metrics_load = argc > 2 && std::string(argv[2]) == "--metrics-load";
  return atsguard::testing::Run(rotations, metrics_load);
}
