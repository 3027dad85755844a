#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/evaluation.h"

namespace atsguard::report {

enum class Format { kText, kJson, kSarif };

std::optional<Format> ParseFormat(std::string_view name);

// Where inputs came from, for the report header.
struct SourceSummary {
  std::string name;  // "/var/run/secrets/ats", "environment"
  std::string kind;  // "kubelet volume", "directory", "variables"
  int files = 0;
};

struct ReportHeader {
  std::string version;
  std::vector<SourceSummary> sources;
};

// The human report: header, findings most severe first, a one-line verdict.
std::string RenderText(const policy::Evaluation& evaluation, const ReportHeader& header);

// Machine-readable report (stable keys; documented in README).
nlohmann::json RenderJson(const policy::Evaluation& evaluation, const ReportHeader& header);

// SARIF 2.1.0: one run, rules with security-severity, results with the input as location.
nlohmann::json RenderSarif(const policy::Evaluation& evaluation, const ReportHeader& header);

// A summary of the verdict and blocking findings for the Kubernetes termination message,
// cut at a line boundary to at most `max_bytes` (the kubelet keeps 4096).
std::string TerminationSummary(const policy::Evaluation& evaluation, size_t max_bytes = 4096);

// "PASS" or "FAIL: 3 blocking findings (1 critical, 2 high); 2 more do not block (...)".
std::string VerdictLine(const policy::Evaluation& evaluation);

}  // namespace atsguard::report
