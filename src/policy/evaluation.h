#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "policy/finding.h"
#include "policy/severity.h"

namespace atsguard::policy {

// How old a secret is and how we know (RULES.md, "Age").
struct SecretAge {
  std::string secret;   // canonical file key: "encryption-key"
  std::string subject;  // where it came from
  std::optional<double> age_seconds;  // nullopt when unknown
  std::string source;   // "created-at", "certificate notBefore", or why it is unknown
};

struct CertificateExpiry {
  std::string secret;  // "tls.crt", "db-ca.crt", "ca.crt"
  std::string subject;
  std::time_t not_after = 0;
};

// Per-rule outcome, for metrics and /status.
struct RuleOutcome {
  std::string rule;
  bool enabled = true;
  Severity severity = Severity::kLow;  // the rule's main severity in the template
  bool passed = true;
  std::optional<Severity> worst;  // most severe finding when failed
};

// The result of evaluating inputs against a template. A plain value; safe to copy and
// publish to other threads.
struct Evaluation {
  std::string template_name;
  Severity block_at = Severity::kHigh;
  bool strict = false;
  std::vector<Finding> findings;  // most severe first, then by rule and subject
  std::vector<RuleOutcome> rules;
  std::vector<SecretAge> ages;
  std::vector<CertificateExpiry> certificates;
  int inputs_present = 0;

  int BlockingCount() const;
  bool Passing() const { return BlockingCount() == 0; }
  int CountAt(Severity severity) const;
};

}  // namespace atsguard::policy
