// `ats-guard check` as the init container runs it: the real binary, real files.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "support/atomic_writer.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

using nlohmann::json;

std::set<std::string> RuleSeverities(const json& report) {
  std::set<std::string> out;
  for (const auto& f : report["findings"]) {
    out.insert(f["rule"].get<std::string>() + " " + f["severity"].get<std::string>());
  }
  return out;
}

TEST_CASE("the guide's own sample configuration is refused with the findings RULES.md predicts") {
  TempDir tmp;
  auto result = RunGuard({"check", "--format", "json", "--termination-log", tmp.Sub("term")},
                         LoadEnvFixture("guide-sample.env"));
  CHECK(result.exit_code == 1);
  json report = json::parse(result.out);
  CHECK(report["verdict"] == "fail");
  const auto found = RuleSeverities(report);
  for (const char* expected : {
           "ENV-01 critical",  // no ATS_ENVIRONMENT in the block
           "JWT-03 critical",  // RS256 demanded, no RSA key given
           "ENC-02 critical",  // "<256-bit-hex-key>" is not 64 hex characters
           "ENV-05 high",      // <...> placeholders in the three secrets
           "JWT-05 high",      // the placeholder is 35 characters, not >= 64
           "RL-01 high",       // 100 requests per minute > 60
           "DB-01 medium",     // sslmode=require does not verify the server
           "K8S-01 medium",    // secrets in env vars never rotate
           "JWT-10 low",       // RS256 is PKCS#1 v1.5
       }) {
    CAPTURE(std::string(expected));
    CHECK(found.contains(expected));
  }
  // Settings the sample gets right raise nothing.
  for (const char* rule : {"ENC-01", "JWT-04", "RL-02", "ENV-03"}) {
    for (const auto& f : found) CHECK_FALSE(f.starts_with(std::string(rule) + " "));
  }
  std::string term = ReadFile(tmp.Sub("term"));
  CHECK(term.starts_with("ats-guard production-financial: FAIL"));
  CHECK(term.find("CRITICAL ENV-01 ATS_ENVIRONMENT") != std::string::npos);
}

TEST_CASE("a complete strong production set made with openssl passes") {
  TempDir tmp;
  auto result = RunGuard({"check", "--secrets-dir", StrongProductionVolume(), "--termination-log",
                          tmp.Sub("term")},
                         ProductionEnv());
  INFO(result.out);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("Result: PASS") != std::string::npos);
  CHECK(ReadFile(tmp.Sub("term")).starts_with("ats-guard production-financial: PASS"));
}

TEST_CASE("development settings in production fail") {
  auto env = ProductionEnv();
  env["ATS_JWT_ALGORITHM"] = "HS256";
  env["ATS_LOG_LEVEL"] = "debug";
  env["ATS_DB_SSL_MODE"] = "disable";
  env["ATS_JWT_EXPIRY_SECONDS"] = "86400";
  auto result = RunGuard({"check", "--format", "json", "--secrets-dir", StrongProductionVolume()}, env);
  CHECK(result.exit_code == 1);
  const auto found = RuleSeverities(json::parse(result.out));
  CHECK(found.contains("JWT-01 critical"));
  CHECK(found.contains("ENV-02 high"));
  CHECK(found.contains("DB-01 critical"));
  CHECK(found.contains("JWT-04 high"));
}

TEST_CASE("a development environment name under the production template fails") {
  auto env = ProductionEnv();
  env["ATS_ENVIRONMENT"] = "development";
  auto result = RunGuard({"check", "--format", "json", "--secrets-dir", StrongProductionVolume()}, env);
  CHECK(result.exit_code == 1);
  CHECK(RuleSeverities(json::parse(result.out)).contains("ENV-01 critical"));
}

TEST_CASE("audit lines go to stdout with the text report, to stderr with a json report") {
  auto text = RunGuard({"check", "--secrets-dir", StrongProductionVolume()}, ProductionEnv());
  CHECK(text.out.find("\"event_type\":\"validation_verdict\"") != std::string::npos);
  auto json_run = RunGuard({"check", "--format", "json", "--secrets-dir", StrongProductionVolume()},
                           ProductionEnv());
  CHECK(json::accept(json_run.out));  // stdout is one JSON document
  CHECK(json_run.err.find("\"event_type\":\"validation_verdict\"") != std::string::npos);
  auto verdict_line = json_run.err.substr(json_run.err.find("{\"timestamp\""));
  CHECK(verdict_line.find("\"action_taken\":\"allow_start\"") != std::string::npos);
}

TEST_CASE("medium findings block with --strict and with ATS_GUARD_STRICT") {
  auto env = ProductionEnv();
  env["ATS_DB_SSL_MODE"] = "require";
  CHECK(RunGuard({"check", "--secrets-dir", StrongProductionVolume()}, env).exit_code == 0);
  CHECK(RunGuard({"check", "--strict", "--secrets-dir", StrongProductionVolume()}, env).exit_code == 1);
  env["ATS_GUARD_STRICT"] = "true";
  CHECK(RunGuard({"check", "--secrets-dir", StrongProductionVolume()}, env).exit_code == 1);
}

TEST_CASE("flags have ATS_GUARD_ variables and a flag wins over its variable") {
  auto env = ProductionEnv();
  env["ATS_GUARD_SECRETS_DIR"] = StrongProductionVolume();
  env["ATS_GUARD_TEMPLATE"] = "staging";
  env["ATS_GUARD_FORMAT"] = "json";
  auto from_env = RunGuard({"check"}, env);
  json report = json::parse(from_env.out);
  CHECK(report["template"] == "staging");
  CHECK(RuleSeverities(report).contains("ENV-01 critical"));  // production env, staging template
  auto flag_wins = RunGuard({"check", "--template", "production-financial"}, env);
  CHECK(json::parse(flag_wins.out)["template"] == "production-financial");
  CHECK(flag_wins.exit_code == 0);
}

TEST_CASE("a policy file tightens a template, an invalid one exits 2 with line and column") {
  TempDir tmp;
  WriteFile(tmp.Sub("policy.json"),
            R"({"extends": "production-financial", "name": "acme", "rules": {"RL-01": {"max": 30}}})");
  auto tightened = RunGuard({"check", "--format", "json", "--policy", tmp.Sub("policy.json"),
                             "--secrets-dir", StrongProductionVolume()},
                            ProductionEnv());
  CHECK(tightened.exit_code == 1);
  json report = json::parse(tightened.out);
  CHECK(report["template"] == "acme");
  CHECK(RuleSeverities(report).contains("RL-01 high"));

  WriteFile(tmp.Sub("bad.json"), "{\"extends\": \"staging\",\n \"rules\": {\"RL-01\": {\"mx\": 1}}}");
  auto bad = RunGuard({"check", "--policy", tmp.Sub("bad.json")}, ProductionEnv());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(tmp.Sub("bad.json") + ":2:22: unknown key \"mx\"") != std::string::npos);
}

TEST_CASE("--generate-missing creates marked development secrets that other templates refuse") {
  TempDir tmp;
  const std::string gen = tmp.Sub("generated");
  std::map<std::string, std::string> env = {{"ATS_ENVIRONMENT", "development"},
                                            {"ATS_JWT_ALGORITHM", "HS256"},
                                            {"ATS_JWT_EXPIRY_SECONDS", "3600"}};
  auto dev = RunGuard({"check", "--template", "development", "--generate-missing", gen}, env);
  INFO(dev.out);
  CHECK(dev.exit_code == 0);
  for (const char* key : {"jwt-secret", "encryption-key", "db-password"}) {
    CAPTURE(std::string(key));
    std::string value = ReadFile(gen + "/" + key);
    CHECK(value.size() >= 25);
    CHECK(dev.out.find(value) == std::string::npos);  // never printed
  }
  CHECK(ReadFile(gen + "/.ats-guard-generated").find("development") != std::string::npos);
  const std::string first = ReadFile(gen + "/jwt-secret");
  CHECK(RunGuard({"check", "--template", "development", "--generate-missing", gen}, env).exit_code == 0);
  CHECK(ReadFile(gen + "/jwt-secret") == first);  // kept on re-run

  env["ATS_ENVIRONMENT"] = "staging";
  auto staging = RunGuard({"check", "--template", "staging", "--format", "json", "--secrets-dir", gen}, env);
  CHECK(staging.exit_code == 1);
  CHECK(RuleSeverities(json::parse(staging.out)).contains("ENV-04 critical"));
  auto refused = RunGuard({"check", "--template", "staging", "--generate-missing", gen}, env);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("development template only") != std::string::npos);
}

TEST_CASE("SARIF output is valid JSON naming rules and locations") {
  auto result = RunGuard({"check", "--format", "sarif"}, LoadEnvFixture("guide-sample.env"));
  CHECK(result.exit_code == 1);
  json sarif = json::parse(result.out);
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["runs"][0]["results"].size() > 5);
}

TEST_CASE("--output writes the report to a file and keeps stdout for audit lines") {
  TempDir tmp;
  auto result = RunGuard({"check", "--format", "json", "--output", tmp.Sub("report.json")},
                         LoadEnvFixture("guide-sample.env"));
  CHECK(result.exit_code == 1);
  CHECK(json::parse(ReadFile(tmp.Sub("report.json")))["verdict"] == "fail");
  CHECK(result.out.find("\"event_type\":\"policy_violation\"") != std::string::npos);
}

}  // namespace
}  // namespace atsguard::testing
