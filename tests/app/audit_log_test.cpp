#include "audit/audit_log.h"

#include <doctest/doctest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "app/guard_inputs.h"
#include "support/inputs_builder.h"

namespace atsguard::testing {
namespace {

class RecordingSink : public audit::AuditSink {
 public:
  void Write(const std::string& line) override {
    std::lock_guard lock(mutex_);
    lines.push_back(line);
  }
  std::vector<std::string> lines;

 private:
  std::mutex mutex_;
};

class FixedClock : public sys::Clock {
 public:
  std::chrono::steady_clock::time_point MonotonicNow() const override { return {}; }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::from_time_t(1793527200);
  }
};

TEST_CASE("every finding and the verdict become JSON audit lines with pod and namespace") {
  RecordingSink sink;
  FixedClock clock;
  sys::MapEnvironment env({{"POD_NAME", "ats-core-0"}, {"POD_NAMESPACE", "trading"}});
  audit::AuditLog log(sink, clock, env);
  auto b = InputsBuilder::Strong("production");
  b.SetEnv(secrets::InputId::kRateLimitRpm, "100");
  auto evaluation = EvaluateWith("production-financial", b);
  app::RecordEvaluation(log, evaluation, "allow_start", "block_start");
  REQUIRE(sink.lines.size() == evaluation.findings.size() + 1);
  auto first = nlohmann::json::parse(sink.lines.front());
  CHECK(first["timestamp"] == "2026-11-01T10:00:00.000Z");
  CHECK(first["event_type"] == "policy_violation");
  CHECK(first["pod"] == "ats-core-0");
  CHECK(first["namespace"] == "trading");
  CHECK(first["rule"] == "RL-01");
  CHECK(first["severity"] == "high");
  CHECK(first["action_taken"] == "block_start");
  auto verdict = nlohmann::json::parse(sink.lines.back());
  CHECK(verdict["event_type"] == "validation_verdict");
  CHECK(verdict["verdict"] == "fail");
  CHECK(verdict["action_taken"] == "block_start");
}

TEST_CASE("a secret value in an event is scrubbed, also in its JSON-escaped form") {
  RecordingSink sink;
  FixedClock clock;
  sys::MapEnvironment env({});
  audit::AuditLog log(sink, clock, env);
  const std::string secret = "s3cr\"et-CANARY\\value";
  log.SetSecrets({secret, "short"});
  audit::AuditEvent event;
  event.event_type = "test";
  event.severity = "info";
  event.action_taken = "none";
  event.message = "leaked " + secret + " and short";
  log.Record(event);
  REQUIRE(sink.lines.size() == 1);
  CHECK(sink.lines[0].find("CANARY") == std::string::npos);
  CHECK(sink.lines[0].find("[REDACTED]") != std::string::npos);
  CHECK(sink.lines[0].find("short") != std::string::npos);  // too short to scrub safely
}

TEST_CASE("held lines are written in order when the last hold ends") {
  RecordingSink sink;
  FixedClock clock;
  sys::MapEnvironment env({});
  audit::AuditLog log(sink, clock, env);
  auto record = [&log](const std::string& type) {
    audit::AuditEvent event;
    event.event_type = type;
    log.Record(event);
  };
  auto types = [&sink] {
    std::vector<std::string> out;
    for (const std::string& line : sink.lines) out.push_back(nlohmann::json::parse(line)["event_type"]);
    return out;
  };
  record("before");
  {
    audit::AuditLog::HoldLines outer(log);
    record("first");
    {
      audit::AuditLog::HoldLines inner(log);
      record("second");
    }
    CHECK(types() == std::vector<std::string>{"before"});  // the outer hold still stands
    record("third");
  }
  CHECK(types() == std::vector<std::string>{"before", "first", "second", "third"});
  record("after");
  CHECK(types().back() == "after");
}

}  // namespace
}  // namespace atsguard::testing
