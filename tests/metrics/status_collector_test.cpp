#include "metrics/status_collector.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>

#include "metrics/families.h"
#include "support/inputs_builder.h"
#include "support/status_fixtures.h"

namespace atsguard::testing {
namespace {

using prometheus::MetricFamily;
using Labels = std::vector<prometheus::ClientMetric::Label>;

const MetricFamily* FindFamily(const std::vector<MetricFamily>& families, const std::string& name) {
  for (const MetricFamily& family : families) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

// The value of the sample with exactly `labels` (any order), or nullopt.
std::optional<double> Sample(const std::vector<MetricFamily>& families, const std::string& name,
                             Labels labels = {}) {
  const MetricFamily* family = FindFamily(families, name);
  if (family == nullptr) return std::nullopt;
  std::sort(labels.begin(), labels.end());
  for (const auto& metric : family->metric) {
    Labels have = metric.label;
    std::sort(have.begin(), have.end());
    if (have != labels) continue;
    return family->type == prometheus::MetricType::Counter ? metric.counter.value
                                                           : metric.gauge.value;
  }
  return std::nullopt;
}

TEST_CASE("before the first evaluation there is no verdict, only build info and counters") {
  status::StatusBoard board("production-financial");
  auto families = metrics::StatusFamilies(board.Read(), TestNow(), "1.2.3");
  CHECK(Sample(families, "ats_guard_build_info",
               {{"version", "1.2.3"}, {"template", "production-financial"}}) == 1);
  CHECK(FindFamily(families, "ats_guard_validation_passing") == nullptr);
  CHECK(FindFamily(families, "ats_guard_rule_status") == nullptr);
  CHECK(Sample(families, "ats_guard_evaluations_total", {{"result", "pass"}}) == 0);
  CHECK(Sample(families, "ats_guard_evaluations_total", {{"result", "fail"}}) == 0);
  CHECK(Sample(families, "ats_guard_watcher_polling") == 0);
  CHECK(Sample(families, "ats_guard_watch_events_total") == 0);
  for (const MetricFamily& family : families) CHECK_FALSE(family.metric.empty());
}

TEST_CASE("a passing evaluation reports passing and every enabled rule at 1") {
  status::StatusBoard board("production-financial");
  PublishPassing(board);
  auto families = metrics::StatusFamilies(board.Read(), TestNow(), "1.2.3");
  CHECK(Sample(families, "ats_guard_validation_passing") == 1);
  CHECK(Sample(families, "ats_guard_blocking_findings") == 0);
  CHECK(Sample(families, "ats_guard_rule_status", {{"rule", "JWT-05"}, {"severity", "high"}}) == 1);
  CHECK(Sample(families, "ats_guard_evaluations_total", {{"result", "pass"}}) == 1);
  const MetricFamily* rules = FindFamily(families, "ats_guard_rule_status");
  REQUIRE(rules != nullptr);
  size_t enabled = 0;
  for (const auto& outcome : PassingEvaluation()->rules) enabled += outcome.enabled ? 1 : 0;
  CHECK(rules->metric.size() == enabled);
}

TEST_CASE("a failing evaluation reports 0, the failing rules at 0 and findings by severity") {
  status::StatusBoard board("production-financial");
  PublishPassing(board);
  PublishFailing(board);
  auto families = metrics::StatusFamilies(board.Read(), TestNow(), "1.2.3");
  const policy::Evaluation& failing = *FailingEvaluation();
  CHECK(Sample(families, "ats_guard_validation_passing") == 0);
  CHECK(Sample(families, "ats_guard_rule_status", {{"rule", "JWT-05"}, {"severity", "high"}}) == 0);
  CHECK(Sample(families, "ats_guard_findings", {{"severity", "high"}}) ==
        failing.CountAt(policy::Severity::kHigh));
  CHECK(Sample(families, "ats_guard_blocking_findings") == failing.BlockingCount());
  CHECK(Sample(families, "ats_guard_evaluations_total", {{"result", "fail"}}) == 1);
  CHECK(Sample(families, "ats_guard_evaluations_total", {{"result", "pass"}}) == 1);
}

TEST_CASE("counters and timestamps of sources, reloads and the watcher come from the board") {
  status::StatusBoard board("staging");
  auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  board.RecordSourceChange("/var/run/secrets/ats", t0);
  board.RecordSourceChange("/var/run/secrets/ats", t0 + std::chrono::seconds(5));
  board.RecordReload({"signal:ats-core", "success", t0 + std::chrono::seconds(6), 1, ""});
  board.RecordReload({"signal:ats-core", "failure", t0 + std::chrono::seconds(7), 1, "no process"});
  board.CountWatchEvents(12);
  board.CountWatchError("overflow");
  board.SetWatcher({"polling", false, {"watch limit reached: polling every 1s"}});
  auto families = metrics::StatusFamilies(board.Read(), t0, "1.2.3");
  CHECK(Sample(families, "ats_guard_secret_changes_total", {{"source", "/var/run/secrets/ats"}}) ==
        2);
  CHECK(Sample(families, "ats_guard_secret_last_change_timestamp_seconds",
               {{"source", "/var/run/secrets/ats"}}) == 1'700'000'005);
  CHECK(Sample(families, "ats_guard_reloads_total",
               {{"target", "signal:ats-core"}, {"result", "success"}}) == 1);
  CHECK(Sample(families, "ats_guard_reloads_total",
               {{"target", "signal:ats-core"}, {"result", "failure"}}) == 1);
  CHECK(Sample(families, "ats_guard_last_reload_success_timestamp_seconds",
               {{"target", "signal:ats-core"}}) == 1'700'000'006);
  CHECK(Sample(families, "ats_guard_watch_events_total") == 12);
  CHECK(Sample(families, "ats_guard_watch_errors_total", {{"reason", "overflow"}}) == 1);
  CHECK(Sample(families, "ats_guard_watcher_polling") == 1);
  CHECK(Sample(families, "ats_guard_watcher_healthy") == 0);
}

TEST_CASE("a declared reload target exports every result at 0 before its first reload") {
  status::StatusBoard board("production-financial");
  board.DeclareReloadTarget("signal:ats-core");
  auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  auto families = metrics::StatusFamilies(board.Read(), t0, "1.2.3");
  for (const char* result : {"success", "failure", "retry", "skipped_invalid"}) {
    CAPTURE(std::string(result));
    CHECK(Sample(families, "ats_guard_reloads_total",
                 {{"target", "signal:ats-core"}, {"result", result}}) == 0);
  }
  CHECK_FALSE(Sample(families, "ats_guard_last_reload_success_timestamp_seconds",
                     {{"target", "signal:ats-core"}}));
  board.RecordReload({"signal:ats-core", "failure", t0, 1, "no process"});
  CHECK(Sample(metrics::StatusFamilies(board.Read(), t0, "1.2.3"), "ats_guard_reloads_total",
               {{"target", "signal:ats-core"}, {"result", "failure"}}) == 1);
}

TEST_CASE("secret ages keep growing after the evaluation that measured them") {
  auto evaluation = std::make_shared<policy::Evaluation>();
  evaluation->ages.push_back({"encryption-key", "/secrets/encryption-key", 86400.0, "created-at"});
  evaluation->ages.push_back({"db-password", "/secrets/db-password", std::nullopt, "unknown"});
  status::StatusBoard board("production-financial");
  auto at = TestNow();
  board.PublishEvaluation(evaluation, at);
  auto families = metrics::StatusFamilies(board.Read(), at + std::chrono::seconds(100), "x");
  CHECK(Sample(families, "ats_guard_secret_age_seconds", {{"secret", "encryption-key"}}) ==
        86500.0);
  CHECK_FALSE(Sample(families, "ats_guard_secret_age_seconds", {{"secret", "db-password"}}));
}

TEST_CASE("a key delivered twice is one series: its oldest age and its earliest expiry") {
  auto evaluation = std::make_shared<policy::Evaluation>();
  evaluation->ages.push_back({"tls.key", "ATS_TLS_KEY", 10.0, "created-at"});
  evaluation->ages.push_back({"tls.key", "/secrets/tls.key", 30.0, "created-at"});
  evaluation->certificates.push_back({"tls.crt", "ATS_TLS_CERT", 2'000'000'000});
  evaluation->certificates.push_back({"tls.crt", "/secrets/tls.crt", 1'900'000'000});
  status::StatusBoard board("production-financial");
  board.PublishEvaluation(evaluation, TestNow());
  auto families = metrics::StatusFamilies(board.Read(), TestNow(), "x");
  const MetricFamily* ages = FindFamily(families, "ats_guard_secret_age_seconds");
  REQUIRE(ages != nullptr);
  CHECK(ages->metric.size() == 1);
  CHECK(Sample(families, "ats_guard_secret_age_seconds", {{"secret", "tls.key"}}) == 30.0);
  CHECK(Sample(families, "ats_guard_certificate_expiry_timestamp_seconds",
               {{"secret", "tls.crt"}}) == 1'900'000'000);
}

TEST_CASE("certificate expiries of the real evaluator are exported per key") {
  status::StatusBoard board("production-financial");
  PublishPassing(board);
  auto families = metrics::StatusFamilies(board.Read(), TestNow(), "x");
  auto expiry =
      Sample(families, "ats_guard_certificate_expiry_timestamp_seconds", {{"secret", "tls.crt"}});
  REQUIRE(expiry);
  double in_days = (*expiry - metrics::UnixSeconds(TestNow())) / 86400;
  CHECK(in_days == doctest::Approx(90).epsilon(0.02));
}

}  // namespace
}  // namespace atsguard::testing
