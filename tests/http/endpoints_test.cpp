#include "http/endpoints.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/fake_clock.h"
#include "support/inputs_builder.h"
#include "support/status_fixtures.h"

namespace atsguard::testing {
namespace {

using std::chrono::seconds;

struct Probe {
  FakeClock clock;
  std::chrono::steady_clock::time_point started = clock.MonotonicNow();
  http::ProbeClock Now() const { return {clock.MonotonicNow(), started, seconds(30)}; }
};

// A board whose loop just beat and whose watcher is healthy: only the evaluation decides.
struct LiveBoard {
  explicit LiveBoard(const Probe& probe) {
    board.Heartbeat(probe.clock.MonotonicNow());
    MarkWatcherHealthy(board);
  }
  status::StatusBoard board{"production-financial"};
};

TEST_CASE("while starting: alive, not ready until the first evaluation") {
  Probe probe;
  status::StatusBoard board("production-financial");
  board.Heartbeat(probe.clock.MonotonicNow());
  auto snapshot = board.Read();
  CHECK(http::HealthReply(snapshot, probe.Now()).status == 200);
  http::Reply ready = http::ReadyReply(snapshot, probe.Now());
  CHECK(ready.status == 503);
  CHECK(ready.body.find("the first evaluation has not finished") != std::string::npos);
  auto status = nlohmann::json::parse(http::StatusReply(snapshot, probe.Now(), TestNow()).body);
  CHECK(status["verdict"] == "pending");
  CHECK(status["ready"] == false);
  CHECK(status["evaluated_at"].is_null());
}

TEST_CASE("passing with a healthy watcher: ready") {
  Probe probe;
  LiveBoard live(probe);
  status::StatusBoard& board = live.board;
  PublishPassing(board);
  http::Reply ready = http::ReadyReply(board.Read(), probe.Now());
  CHECK(ready.status == 200);
  CHECK(ready.body == "ready\n");
  auto status = nlohmann::json::parse(http::StatusReply(board.Read(), probe.Now(), TestNow()).body);
  CHECK(status["verdict"] == "pass");
  CHECK(status["ready"] == true);
  CHECK(status["template"] == "production-financial");
  CHECK(status["watcher"]["mode"] == "inotify");
}

TEST_CASE("after a rotation to a failing secret: not ready, naming rules and subjects only") {
  Probe probe;
  LiveBoard live(probe);
  status::StatusBoard& board = live.board;
  PublishPassing(board);
  PublishFailing(board);
  http::Reply ready = http::ReadyReply(board.Read(), probe.Now());
  CHECK(ready.status == 503);
  CHECK(ready.body.find("validation failing") != std::string::npos);
  CHECK(ready.body.find("JWT-05 (high) on /secrets/jwt-secret") != std::string::npos);
  CHECK(ready.body.find(kCanarySecret) == std::string::npos);
  CHECK(http::HealthReply(board.Read(), probe.Now()).status == 200);  // alive all the same

  std::string body = http::StatusReply(board.Read(), probe.Now(), TestNow()).body;
  CHECK(body.find(kCanarySecret) == std::string::npos);
  auto status = nlohmann::json::parse(body);
  CHECK(status["verdict"] == "fail");
  CHECK(status["summary"]["blocking"] == FailingEvaluation()->BlockingCount());
  REQUIRE_FALSE(status["findings"].empty());
  for (const auto& finding : status["findings"]) {
    CHECK(finding.contains("rule"));
    CHECK(finding.contains("severity"));
    CHECK(finding.contains("subject"));
    CHECK(finding.contains("message"));
  }
  CHECK(status["sources"][0]["path"] == "/var/run/secrets/ats");
  CHECK(status["sources"][0]["changes"] == 1);
  CHECK(status["reloads"][0]["result"] == "skipped_invalid");
}

TEST_CASE("recovered: ready again after a passing evaluation") {
  Probe probe;
  LiveBoard live(probe);
  status::StatusBoard& board = live.board;
  PublishFailing(board);
  CHECK(http::ReadyReply(board.Read(), probe.Now()).status == 503);
  PublishPassing(board);
  CHECK(http::ReadyReply(board.Read(), probe.Now()).status == 200);
}

TEST_CASE("a watcher with problems makes the sidecar not ready and says why") {
  Probe probe;
  status::StatusBoard board("production-financial");
  board.Heartbeat(probe.clock.MonotonicNow());
  PublishPassing(board);
  board.SetWatcher({"polling", false, {"inotify watch limit reached: polling every 1s"}});
  http::Reply ready = http::ReadyReply(board.Read(), probe.Now());
  CHECK(ready.status == 503);
  CHECK(ready.body.find("watcher not healthy (mode polling): inotify watch limit reached") !=
        std::string::npos);
}

TEST_CASE("a stale heartbeat fails liveness and readiness") {
  Probe probe;
  status::StatusBoard board("production-financial");
  MarkWatcherHealthy(board);
  PublishPassing(board);
  board.Heartbeat(probe.clock.MonotonicNow());
  probe.clock.Advance(seconds(30));
  CHECK(http::HealthReply(board.Read(), probe.Now()).status == 200);
  probe.clock.Advance(seconds(1));
  http::Reply health = http::HealthReply(board.Read(), probe.Now());
  CHECK(health.status == 503);
  CHECK(health.body == "watch loop stuck: last heartbeat 31.0s ago (limit 30.0s)\n");
  CHECK(http::ReadyReply(board.Read(), probe.Now()).status == 503);
  board.Heartbeat(probe.clock.MonotonicNow());
  CHECK(http::HealthReply(board.Read(), probe.Now()).status == 200);
}

TEST_CASE("a loop that never beats fails liveness once the server has been up too long") {
  Probe probe;
  status::StatusBoard board("production-financial");
  probe.clock.Advance(seconds(29));
  CHECK(http::HealthReply(board.Read(), probe.Now()).status == 200);
  probe.clock.Advance(seconds(2));
  http::Reply health = http::HealthReply(board.Read(), probe.Now());
  CHECK(health.status == 503);
  CHECK(health.body.find("no heartbeat since the server started") != std::string::npos);
}

TEST_CASE("readiness lists at most five blocking findings and counts the rest") {
  Probe probe;
  auto evaluation = std::make_shared<policy::Evaluation>();
  for (int i = 0; i < 7; ++i) {
    evaluation->findings.push_back({"ENV-0" + std::to_string(i), policy::Severity::kCritical,
                                    "ATS_X" + std::to_string(i), "m", true});
  }
  LiveBoard live(probe);
  status::StatusBoard& board = live.board;
  board.PublishEvaluation(evaluation, TestNow());
  std::string body = http::ReadyReply(board.Read(), probe.Now()).body;
  CHECK(body.find("7 blocking findings") != std::string::npos);
  CHECK(body.find("ATS_X4") != std::string::npos);
  CHECK(body.find("ATS_X5") == std::string::npos);
  CHECK(body.find("and 2 more") != std::string::npos);
}

}  // namespace
}  // namespace atsguard::testing
