#include "http/endpoints.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "base/time_format.h"
#include "policy/severity.h"

namespace atsguard::http {

namespace {

constexpr const char* kText = "text/plain; charset=utf-8";
constexpr size_t kMaxListedFindings = 5;

double Seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string Verdict(const status::StatusSnapshot& snapshot) {
  if (!snapshot.evaluation) return "pending";
  return snapshot.evaluation->Passing() ? "pass" : "fail";
}

std::string BlockingSummary(const policy::Evaluation& evaluation) {
  std::vector<std::string> listed;
  size_t blocking = 0;
  for (const policy::Finding& finding : evaluation.findings) {
    if (!finding.blocking) continue;
    if (++blocking <= kMaxListedFindings) {
      listed.push_back(finding.rule + " (" + std::string(policy::SeverityName(finding.severity)) +
                       ") on " + finding.subject);
    }
  }
  std::string text = "validation failing: " + std::to_string(blocking) + " blocking finding" +
                     (blocking == 1 ? "" : "s") + ": " + base::Join(listed, ", ");
  if (blocking > listed.size())
    text += ", and " + std::to_string(blocking - listed.size()) + " more";
  return text;
}

}  // namespace

std::optional<std::string> StuckReason(const status::StatusSnapshot& snapshot,
                                       const ProbeClock& clock) {
  const double limit = Seconds(clock.stuck_after);
  if (snapshot.heartbeat == std::chrono::steady_clock::time_point{}) {
    double up = Seconds(clock.now - clock.server_started);
    if (up <= limit) return std::nullopt;
    return "watch loop stuck: no heartbeat since the server started " + base::OneDecimal(up) +
           "s ago (limit " + base::OneDecimal(limit) + "s)";
  }
  double silent = Seconds(clock.now - snapshot.heartbeat);
  if (silent <= limit) return std::nullopt;
  return "watch loop stuck: last heartbeat " + base::OneDecimal(silent) + "s ago (limit " +
         base::OneDecimal(limit) + "s)";
}

std::vector<std::string> NotReadyReasons(const status::StatusSnapshot& snapshot,
                                         const ProbeClock& clock) {
  std::vector<std::string> reasons;
  if (!snapshot.evaluation) {
    reasons.push_back("the first evaluation has not finished");
  } else if (!snapshot.evaluation->Passing()) {
    reasons.push_back(BlockingSummary(*snapshot.evaluation));
  }
  if (!snapshot.watcher.healthy) {
    std::string text = "watcher not healthy (mode " + snapshot.watcher.mode + ")";
    if (!snapshot.watcher.problems.empty())
      text += ": " + base::Join(snapshot.watcher.problems, "; ");
    reasons.push_back(std::move(text));
  }
  if (auto stuck = StuckReason(snapshot, clock)) reasons.push_back(*stuck);
  return reasons;
}

Reply HealthReply(const status::StatusSnapshot& snapshot, const ProbeClock& clock) {
  if (auto stuck = StuckReason(snapshot, clock)) return {503, kText, *stuck + "\n"};
  return {200, kText, "ok\n"};
}

Reply ReadyReply(const status::StatusSnapshot& snapshot, const ProbeClock& clock) {
  std::vector<std::string> reasons = NotReadyReasons(snapshot, clock);
  if (reasons.empty()) return {200, kText, "ready\n"};
  std::string body = "not ready\n";
  for (const std::string& reason : reasons) body += "- " + reason + "\n";
  return {503, kText, body};
}

Reply StatusReply(const status::StatusSnapshot& snapshot, const ProbeClock& clock,
                  std::chrono::system_clock::time_point wall_now) {
  nlohmann::ordered_json doc;
  doc["generated_at"] = base::FormatRfc3339(wall_now);
  doc["template"] = snapshot.template_name;
  doc["verdict"] = Verdict(snapshot);
  doc["evaluated_at"] = snapshot.evaluated_at
                            ? nlohmann::ordered_json(base::FormatRfc3339(*snapshot.evaluated_at))
                            : nlohmann::ordered_json(nullptr);
  std::vector<std::string> reasons = NotReadyReasons(snapshot, clock);
  doc["ready"] = reasons.empty();
  doc["not_ready_reasons"] = reasons;
  doc["live"] = !StuckReason(snapshot, clock).has_value();

  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  if (snapshot.evaluation) {
    const policy::Evaluation& evaluation = *snapshot.evaluation;
    doc["block_at"] = policy::SeverityName(evaluation.block_at);
    doc["strict"] = evaluation.strict;
    nlohmann::ordered_json summary;
    for (auto severity : {policy::Severity::kCritical, policy::Severity::kHigh,
                          policy::Severity::kMedium, policy::Severity::kLow}) {
      summary[std::string(policy::SeverityName(severity))] = evaluation.CountAt(severity);
    }
    summary["blocking"] = evaluation.BlockingCount();
    doc["summary"] = summary;
    // Findings carry the measured property and the threshold, never the value
    // (RULES.md "Findings never carry values").
    for (const policy::Finding& finding : evaluation.findings) {
      findings.push_back({{"rule", finding.rule},
                          {"severity", policy::SeverityName(finding.severity)},
                          {"subject", finding.subject},
                          {"message", finding.message},
                          {"blocking", finding.blocking}});
    }
  }
  doc["findings"] = findings;

  nlohmann::ordered_json sources = nlohmann::ordered_json::array();
  for (const auto& [path, change] : snapshot.sources) {
    sources.push_back({{"path", path},
                       {"last_change", base::FormatRfc3339(change.last_change)},
                       {"changes", change.changes}});
  }
  doc["sources"] = sources;

  nlohmann::ordered_json reloads = nlohmann::ordered_json::array();
  for (const status::ReloadRecord& record : snapshot.reloads) {
    reloads.push_back({{"target", record.target},
                       {"result", record.result},
                       {"at", base::FormatRfc3339(record.at)},
                       {"attempt", record.attempt},
                       {"message", record.message}});
  }
  doc["reloads"] = reloads;

  doc["watcher"] = {{"mode", snapshot.watcher.mode},
                    {"healthy", snapshot.watcher.healthy},
                    {"problems", snapshot.watcher.problems}};
  if (snapshot.heartbeat == std::chrono::steady_clock::time_point{}) {
    doc["heartbeat_age_seconds"] = nullptr;
  } else {
    doc["heartbeat_age_seconds"] = Seconds(clock.now - snapshot.heartbeat);
  }
  // Invalid UTF-8 in a file name must not make the endpoint throw.
  std::string body = doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  body += "\n";
  return {200, "application/json", std::move(body)};
}

}  // namespace atsguard::http
