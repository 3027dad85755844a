#include "metrics/status_collector.h"

#include <algorithm>
#include <map>

#include "metrics/families.h"
#include "policy/severity.h"

namespace atsguard::metrics {

namespace {

using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr policy::Severity kSeverities[] = {policy::Severity::kCritical, policy::Severity::kHigh,
                                            policy::Severity::kMedium, policy::Severity::kLow};

std::string SeverityText(policy::Severity severity) {
  return std::string(policy::SeverityName(severity));
}

void AddEvaluationFamilies(std::vector<MetricFamily>& out, const status::StatusSnapshot& snapshot,
                           std::chrono::system_clock::time_point now) {
  const policy::Evaluation& evaluation = *snapshot.evaluation;

  MetricFamily passing =
      NewFamily("ats_guard_validation_passing",
                "1 when the last evaluation of the secrets has no blocking finding, else 0.",
                MetricType::Gauge);
  AddSample(passing, evaluation.Passing() ? 1 : 0);
  out.push_back(std::move(passing));

  if (snapshot.evaluated_at) {
    MetricFamily at = NewFamily("ats_guard_last_evaluation_timestamp_seconds",
                                "When the last evaluation finished.", MetricType::Gauge);
    AddSample(at, UnixSeconds(*snapshot.evaluated_at));
    out.push_back(std::move(at));
  }

  MetricFamily rules = NewFamily(
      "ats_guard_rule_status",
      "1 when the rule passed in the last evaluation, 0 when it has findings; severity is the "
      "rule's severity in the template. Disabled rules are absent.",
      MetricType::Gauge);
  for (const policy::RuleOutcome& outcome : evaluation.rules) {
    if (!outcome.enabled) continue;
    AddSample(rules, outcome.passed ? 1 : 0,
              {{"rule", outcome.rule}, {"severity", SeverityText(outcome.severity)}});
  }
  AppendIfSampled(out, std::move(rules));

  MetricFamily findings = NewFamily(
      "ats_guard_findings", "Findings of the last evaluation, by severity.", MetricType::Gauge);
  for (policy::Severity severity : kSeverities) {
    AddSample(findings, evaluation.CountAt(severity), {{"severity", SeverityText(severity)}});
  }
  out.push_back(std::move(findings));

  MetricFamily blocking =
      NewFamily("ats_guard_blocking_findings",
                "Findings of the last evaluation that block under the template (and --strict).",
                MetricType::Gauge);
  AddSample(blocking, evaluation.BlockingCount());
  out.push_back(std::move(blocking));

  // Ages were measured when the evaluation ran; they keep growing until the next one.
  double since_evaluation = 0;
  if (snapshot.evaluated_at) {
    since_evaluation =
        std::max(0.0, std::chrono::duration<double>(now - *snapshot.evaluated_at).count());
  }
  // One sample per canonical key: the same key delivered twice (env and file) is reported
  // once, at its oldest, so an age alert errs on the side of firing.
  std::map<std::string, double> ages;
  for (const policy::SecretAge& age : evaluation.ages) {
    if (!age.age_seconds) continue;
    double current = *age.age_seconds + since_evaluation;
    auto [it, inserted] = ages.emplace(age.secret, current);
    if (!inserted) it->second = std::max(it->second, current);
  }
  MetricFamily age_family =
      NewFamily("ats_guard_secret_age_seconds",
                "Age of a secret whose creation time is known (<key>.created-at or a certificate's "
                "notBefore), by canonical file key.",
                MetricType::Gauge);
  for (const auto& [secret, seconds] : ages) AddSample(age_family, seconds, {{"secret", secret}});
  AppendIfSampled(out, std::move(age_family));

  // Likewise the earliest expiry per key.
  std::map<std::string, std::time_t> expiries;
  for (const policy::CertificateExpiry& cert : evaluation.certificates) {
    auto [it, inserted] = expiries.emplace(cert.secret, cert.not_after);
    if (!inserted) it->second = std::min(it->second, cert.not_after);
  }
  MetricFamily expiry_family = NewFamily(
      "ats_guard_certificate_expiry_timestamp_seconds",
      "notAfter of a certificate among the secrets, by canonical file key.", MetricType::Gauge);
  for (const auto& [secret, not_after] : expiries) {
    AddSample(expiry_family, static_cast<double>(not_after), {{"secret", secret}});
  }
  AppendIfSampled(out, std::move(expiry_family));
}

void AddSourceFamilies(std::vector<MetricFamily>& out, const status::StatusSnapshot& snapshot) {
  MetricFamily changes =
      NewFamily("ats_guard_secret_changes_total",
                "Content changes seen in a secrets directory since start.", MetricType::Counter);
  MetricFamily last =
      NewFamily("ats_guard_secret_last_change_timestamp_seconds",
                "When a secrets directory last changed content.", MetricType::Gauge);
  for (const auto& [source, change] : snapshot.sources) {
    AddSample(changes, static_cast<double>(change.changes), {{"source", source}});
    AddSample(last, UnixSeconds(change.last_change), {{"source", source}});
  }
  AppendIfSampled(out, std::move(changes));
  AppendIfSampled(out, std::move(last));
}

void AddReloadFamilies(std::vector<MetricFamily>& out, const status::StatusSnapshot& snapshot) {
  MetricFamily reloads =
      NewFamily("ats_guard_reloads_total", "Reload deliveries to ats-core, by target and result.",
                MetricType::Counter);
  for (const auto& [key, count] : snapshot.reload_counts) {
    AddSample(reloads, static_cast<double>(count), {{"target", key.first}, {"result", key.second}});
  }
  AppendIfSampled(out, std::move(reloads));

  MetricFamily success =
      NewFamily("ats_guard_last_reload_success_timestamp_seconds",
                "When a reload last reached its target successfully.", MetricType::Gauge);
  for (const auto& [target, at] : snapshot.last_reload_success) {
    AddSample(success, UnixSeconds(at), {{"target", target}});
  }
  AppendIfSampled(out, std::move(success));
}

void AddWatcherFamilies(std::vector<MetricFamily>& out, const status::StatusSnapshot& snapshot) {
  MetricFamily events =
      NewFamily("ats_guard_watch_events_total", "Filesystem events read from inotify since start.",
                MetricType::Counter);
  AddSample(events, static_cast<double>(snapshot.watch_events));
  out.push_back(std::move(events));

  MetricFamily errors = NewFamily("ats_guard_watch_errors_total",
                                  "Watcher errors since start, by reason.", MetricType::Counter);
  for (const auto& [reason, count] : snapshot.watch_errors) {
    AddSample(errors, static_cast<double>(count), {{"reason", reason}});
  }
  AppendIfSampled(out, std::move(errors));

  MetricFamily polling =
      NewFamily("ats_guard_watcher_polling",
                "1 when the watcher fell back to polling (inotify unavailable or out of watches).",
                MetricType::Gauge);
  AddSample(polling, snapshot.watcher.mode == "polling" ? 1 : 0);
  out.push_back(std::move(polling));

  MetricFamily healthy = NewFamily("ats_guard_watcher_healthy",
                                   "1 when the watcher reports no problem.", MetricType::Gauge);
  AddSample(healthy, snapshot.watcher.healthy ? 1 : 0);
  out.push_back(std::move(healthy));
}

}  // namespace

std::vector<MetricFamily> StatusFamilies(const status::StatusSnapshot& snapshot,
                                         std::chrono::system_clock::time_point now,
                                         const std::string& version) {
  std::vector<MetricFamily> out;
  MetricFamily info =
      NewFamily("ats_guard_build_info",
                "Version of ats-guard and the template it enforces; always 1.", MetricType::Gauge);
  AddSample(info, 1, {{"version", version}, {"template", snapshot.template_name}});
  out.push_back(std::move(info));

  if (snapshot.evaluation) AddEvaluationFamilies(out, snapshot, now);

  MetricFamily evaluations =
      NewFamily("ats_guard_evaluations_total", "Evaluations of the secrets since start, by result.",
                MetricType::Counter);
  // Both results always exist, so rate() and increase() work from the first scrape.
  for (const char* result : {"pass", "fail"}) {
    auto it = snapshot.evaluations.find(result);
    double count = it == snapshot.evaluations.end() ? 0 : static_cast<double>(it->second);
    AddSample(evaluations, count, {{"result", result}});
  }
  out.push_back(std::move(evaluations));

  AddSourceFamilies(out, snapshot);
  AddReloadFamilies(out, snapshot);
  AddWatcherFamilies(out, snapshot);
  return out;
}

StatusCollector::StatusCollector(const status::StatusBoard& board, const sys::Clock& clock,
                                 std::string version)
    : board_(board), clock_(clock), version_(std::move(version)) {}

std::vector<prometheus::MetricFamily> StatusCollector::Collect() const {
  return StatusFamilies(board_.Read(), clock_.WallNow(), version_);
}

}  // namespace atsguard::metrics
