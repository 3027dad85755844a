#include "report/report.h"

#include <doctest/doctest.h>

#include "audit/audit_log.h"
#include "support/inputs_builder.h"

namespace atsguard::testing {
namespace {

using secrets::InputId;

// Canary values: if any output contains one, a value leaked.
constexpr const char* kCanaryJwt = "CANARYjwt7f3a9d1e5b2c8a4f6e0d3b7c1a9e5f2d8b4c6a0e3f7d1b5c9a2e6f0d4b8";
constexpr const char* kCanaryDb = "CANARYdb\"quote\\slash-4e1d";
constexpr const char* kCanaryKey = "CANARYenc-not-hex-value-9d2c";

InputsBuilder CanaryInputs() {
  auto b = InputsBuilder::Strong("production");
  // Weak, misplaced and duplicated on purpose: every rule that looks at a value fires.
  b.SetEnv(InputId::kJwtSecret, kCanaryJwt)
      .Also(InputId::kJwtSecret, std::string(kCanaryJwt) + "x")
      .Set(InputId::kDbPassword, kCanaryDb)
      .Set(InputId::kEncryptionKey, kCanaryKey)
      .SetEnv(InputId::kJwtAlgorithm, "HS256");
  return b;
}

void CheckNoCanary(const std::string& text) {
  for (const char* canary : {kCanaryJwt, kCanaryDb, kCanaryKey, "CANARY"}) {
    CAPTURE(std::string(canary));
    CHECK(text.find(canary) == std::string::npos);
  }
}

TEST_CASE("no report format carries a secret value") {
  auto evaluation = EvaluateWith("production-financial", CanaryInputs());
  REQUIRE(evaluation.findings.size() > 5);
  report::ReportHeader header{"test", {{"/secrets", "directory", 3}}};
  CheckNoCanary(report::RenderText(evaluation, header));
  CheckNoCanary(report::RenderJson(evaluation, header).dump());
  CheckNoCanary(report::RenderSarif(evaluation, header).dump());
  CheckNoCanary(report::TerminationSummary(evaluation));
}

TEST_CASE("the text report lists blocking findings first and ends with the verdict") {
  auto b = InputsBuilder::Strong("production");
  b.SetEnv(InputId::kDbSslMode, "require").SetEnv(InputId::kRateLimitRpm, "100");
  auto evaluation = EvaluateWith("production-financial", b);
  std::string text = report::RenderText(evaluation, {"test", {}});
  size_t blocking = text.find("[BLOCKING] HIGH     RL-01");
  size_t warning = text.find("[warning]  MEDIUM   DB-01");
  REQUIRE(blocking != std::string::npos);
  REQUIRE(warning != std::string::npos);
  CHECK(blocking < warning);
  CHECK(text.find("Result: FAIL: 1 blocking finding (1 high); 2 warnings (1 medium, 1 low)") !=
        std::string::npos);
}

TEST_CASE("the JSON report has a stable shape") {
  auto b = InputsBuilder::Strong("staging");
  b.SetEnv(InputId::kEnvironment, "production");
  auto json = report::RenderJson(EvaluateWith("staging", b), {"1.2.3", {}});
  CHECK(json["verdict"] == "fail");
  CHECK(json["template"] == "staging");
  CHECK(json["blocking_findings"] == 1);
  REQUIRE(json["findings"].size() == 1);
  CHECK(json["findings"][0]["rule"] == "ENV-01");
  CHECK(json["findings"][0]["severity"] == "critical");
  CHECK(json["findings"][0]["blocking"] == true);
  CHECK(json["key_ages"].size() == 5);
}

TEST_CASE("SARIF results carry ruleId, level, security-severity and a location") {
  auto b = InputsBuilder::Strong("production");
  b.SetEnv(InputId::kEnvironment, "dev").Mode(InputId::kDbPassword, 0644);
  auto sarif = report::RenderSarif(EvaluateWith("production-financial", b), {"1.2.3", {}});
  CHECK(sarif["version"] == "2.1.0");
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "ats-guard");
  CHECK(run["tool"]["driver"]["rules"].size() == 32);
  bool env_seen = false, file_seen = false;
  for (const auto& result : run["results"]) {
    if (result["ruleId"] == "ENV-01") {
      env_seen = true;
      CHECK(result["level"] == "error");
      CHECK(result["properties"]["security-severity"] == "9.5");
      CHECK(result["locations"][0]["logicalLocations"][0]["name"] == "ATS_ENVIRONMENT");
    }
    if (result["ruleId"] == "K8S-03") {
      file_seen = true;
      CHECK(result["level"] == "warning");
      CHECK(result["properties"]["security-severity"] == "5.5");
      CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
            "file:///secrets/db-password");
    }
  }
  CHECK(env_seen);
  CHECK(file_seen);
}

TEST_CASE("the termination summary fits 4096 bytes and says when it was cut") {
  auto b = InputsBuilder::Strong("production");
  for (int i = 0; i < 200; ++i) b.Also(InputId::kJwtSecret, "different-" + std::to_string(i));
  auto evaluation = EvaluateWith("production-financial", b);
  REQUIRE(evaluation.BlockingCount() > 100);
  std::string summary = report::TerminationSummary(evaluation);
  CHECK(summary.size() <= 4096);
  CHECK(summary.starts_with("ats-guard production-financial: FAIL"));
  CHECK(summary.find(" more; see the container log") != std::string::npos);
}

TEST_CASE("a passing evaluation says PASS with its warnings") {
  auto b = InputsBuilder::Strong("production");
  auto evaluation = EvaluateWith("production-financial", b);
  CHECK(report::VerdictLine(evaluation) == "PASS with 1 warning (1 low)");
}

}  // namespace
}  // namespace atsguard::testing
