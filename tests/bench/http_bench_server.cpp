// A standalone sidecar HTTP server for tests/bench/http_bench.sh: the real SidecarServer over
// a StatusBoard in the state of a production pod (a full production-financial evaluation
// of a strong secret set, a secrets directory that changed, reloads delivered, a healthy
// watcher whose loop beats every second). Prints the port, serves until stdin closes.
//
//   atsguard_http_bench_server [--threads N] [--listen ADDR] [--metrics-cache-ms N]
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "audit/audit_log.h"
#include "http/sidecar_server.h"
#include "support/inputs_builder.h"
#include "support/status_fixtures.h"

int main(int argc, char** argv) {
  using namespace atsguard;
  // The evaluation is built with the test fixtures, whose checks need a doctest context.
  doctest::Context context;
  context.setAsDefaultForAssertsOutOfTestCases();

  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) options.threads = std::stoul(argv[i + 1]);
    if (std::strcmp(argv[i], "--listen") == 0) options.listen = argv[i + 1];
    if (std::strcmp(argv[i], "--metrics-cache-ms") == 0) {
      options.metrics_cache = std::chrono::milliseconds(std::stol(argv[i + 1]));
    }
  }

  sys::SystemClock clock;
  sys::PosixFileSystem fs;
  sys::MapEnvironment env({});
  auto sink = audit::MakeStreamSink(/*to_stderr=*/true);
  audit::AuditLog log(*sink, clock, env);
  status::StatusBoard board("production-financial");
  testing::MarkWatcherHealthy(board);
  auto now = std::chrono::system_clock::now();
  board.RecordSourceChange("/var/run/secrets/ats", now - std::chrono::hours(3));
  board.RecordSourceChange("/var/run/secrets/ats-tls", now - std::chrono::hours(1));
  board.PublishEvaluation(testing::PassingEvaluation(), now);
  board.RecordReload({"signal:ats-core", "success", now - std::chrono::hours(3), 1, ""});
  board.RecordReload(
      {"http://127.0.0.1:8080/-/reload", "success", now - std::chrono::hours(1), 1, ""});
  board.CountWatchEvents(42);
  board.Heartbeat(clock.MonotonicNow());

  http::SidecarServer server(options, board, log, clock, fs);
  if (base::Status started = server.Start(); !started.ok()) {
    std::fprintf(stderr, "%s\n", started.message().c_str());
    return 1;
  }
  std::printf("%d\n", server.port());
  std::fflush(stdout);

  std::mutex mutex;
  std::condition_variable wake;
  bool done = false;
  std::thread loop([&] {
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, std::chrono::seconds(1), [&] { return done; })) {
      board.Heartbeat(clock.MonotonicNow());
    }
  });
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  wake.notify_one();
  loop.join();
  server.Stop();
  return 0;
}
