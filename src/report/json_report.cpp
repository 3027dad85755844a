#include <cstdio>

#include "policy/rule_catalog.h"
#include "report/report.h"

namespace atsguard::report {

using nlohmann::json;
using policy::Evaluation;
using policy::Finding;

namespace {

json FindingJson(const Finding& f) {
  return {{"rule", f.rule},
          {"severity", std::string(policy::SeverityName(f.severity))},
          {"subject", f.subject},
          {"message", f.message},
          {"blocking", f.blocking}};
}

// SARIF wants the score as a string ("9.5").
std::string Score(policy::Severity severity) {
  char text[8];
  std::snprintf(text, sizeof text, "%.1f", policy::SarifSecurityScore(severity));
  return text;
}

}  // namespace

json RenderJson(const Evaluation& evaluation, const ReportHeader& header) {
  json findings = json::array();
  for (const Finding& f : evaluation.findings) findings.push_back(FindingJson(f));
  json ages = json::array();
  for (const policy::SecretAge& age : evaluation.ages) {
    ages.push_back({{"secret", age.secret},
                    {"subject", age.subject},
                    {"age_seconds", age.age_seconds ? json(*age.age_seconds) : json(nullptr)},
                    {"source", age.source}});
  }
  json certificates = json::array();
  for (const policy::CertificateExpiry& cert : evaluation.certificates) {
    certificates.push_back({{"secret", cert.secret},
                            {"subject", cert.subject},
                            {"not_after_unix", static_cast<long long>(cert.not_after)}});
  }
  json sources = json::array();
  for (const SourceSummary& s : header.sources) {
    sources.push_back({{"name", s.name}, {"kind", s.kind}, {"files", s.files}});
  }
  return {{"tool", "ats-guard"},
          {"version", header.version},
          {"template", evaluation.template_name},
          {"block_at", std::string(policy::SeverityName(evaluation.block_at))},
          {"strict", evaluation.strict},
          {"verdict", evaluation.Passing() ? "pass" : "fail"},
          {"blocking_findings", evaluation.BlockingCount()},
          {"findings", findings},
          {"key_ages", ages},
          {"certificates", certificates},
          {"sources", sources}};
}

json RenderSarif(const Evaluation& evaluation, const ReportHeader& header) {
  json rules = json::array();
  for (const policy::RuleOutcome& outcome : evaluation.rules) {
    const policy::RuleSpec* spec = policy::FindRule(outcome.rule);
    // GitHub code scanning ranks alerts by the rule's security-severity.
    rules.push_back({{"id", outcome.rule},
                     {"name", outcome.rule},
                     {"shortDescription", {{"text", std::string(spec->title)}}},
                     {"properties",
                      {{"security-severity", Score(outcome.severity)},
                       {"enabled", outcome.enabled}}}});
  }
  json results = json::array();
  for (const Finding& f : evaluation.findings) {
    json location;
    if (!f.subject.empty() && f.subject.front() == '/') {
      // A file: the path up to " (ATS_..._FILE)" when the subject names the variable too.
      std::string path = f.subject.substr(0, f.subject.find(' '));
      location = {{"physicalLocation", {{"artifactLocation", {{"uri", "file://" + path}}}}}};
    } else {
      location = {{"logicalLocations", json::array({{{"name", f.subject}, {"kind", "variable"}}})}};
    }
    const std::string level = f.blocking ? "error"
                              : f.severity >= policy::Severity::kMedium ? "warning"
                                                                        : "note";
    results.push_back({{"ruleId", f.rule},
                       {"level", level},
                       {"message", {{"text", f.subject + ": " + f.message}}},
                       {"locations", json::array({location})},
                       {"properties", {{"security-severity", Score(f.severity)},
                                       {"severity", std::string(policy::SeverityName(f.severity))},
                                       {"blocking", f.blocking}}}});
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           json::array({{{"tool",
                          {{"driver",
                            {{"name", "ats-guard"},
                             {"version", header.version},
                             {"informationUri", "https://github.com/ats-core/ats-guard"},
                             {"rules", rules}}}}},
                         {"results", results},
                         {"properties", {{"template", evaluation.template_name}}}}})}};
}

}  // namespace atsguard::report
