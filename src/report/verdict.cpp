#include "base/strings.h"
#include "report/report.h"

namespace atsguard::report {

using policy::Evaluation;
using policy::Finding;
using policy::Severity;

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  if (name == "sarif") return Format::kSarif;
  return std::nullopt;
}

namespace {

std::string CountBySeverity(const Evaluation& evaluation, bool blocking) {
  std::vector<std::string> parts;
  for (Severity s : {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow}) {
    int n = 0;
    for (const Finding& f : evaluation.findings) n += (f.severity == s && f.blocking == blocking);
    if (n > 0) parts.push_back(std::to_string(n) + " " + std::string(policy::SeverityName(s)));
  }
  return base::Join(parts, ", ");
}

}  // namespace

std::string VerdictLine(const Evaluation& evaluation) {
  const int blocking = evaluation.BlockingCount();
  const int warnings = static_cast<int>(evaluation.findings.size()) - blocking;
  std::string line = blocking == 0 ? "PASS"
                                   : "FAIL: " + std::to_string(blocking) + " blocking finding" +
                                         (blocking == 1 ? "" : "s") + " (" +
                                         CountBySeverity(evaluation, true) + ")";
  if (warnings > 0) {
    line += std::string(blocking == 0 ? " with " : "; ") + std::to_string(warnings) + " warning" +
            (warnings == 1 ? "" : "s") + " (" + CountBySeverity(evaluation, false) + ")";
  }
  return line;
}

std::string TerminationSummary(const Evaluation& evaluation, size_t max_bytes) {
  std::string out = "ats-guard " + evaluation.template_name + ": " + VerdictLine(evaluation) + "\n";
  size_t shown = 0;
  const int blocking = evaluation.BlockingCount();
  for (const Finding& f : evaluation.findings) {
    if (!f.blocking) continue;
    std::string line = std::string(policy::SeverityLabel(f.severity)) + " " + f.rule + " " +
                       f.subject + ": " + f.message + "\n";
    // Keep room for the "more" line so the summary always says it was cut.
    if (out.size() + line.size() + 96 > max_bytes) break;
    out += line;
    ++shown;
  }
  if (static_cast<int>(shown) < blocking) {
    out += "... " + std::to_string(blocking - static_cast<int>(shown)) +
           " more; see the container log for the full report\n";
  }
  return base::TruncateUtf8(out, max_bytes);
}

}  // namespace atsguard::report
