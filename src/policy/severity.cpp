#include "policy/severity.h"

namespace atsguard::policy {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kCritical: return "critical";
    case Severity::kHigh: return "high";
    case Severity::kMedium: return "medium";
    case Severity::kLow: return "low";
  }
  return "low";
}

std::string_view SeverityLabel(Severity severity) {
  switch (severity) {
    case Severity::kCritical: return "CRITICAL";
    case Severity::kHigh: return "HIGH";
    case Severity::kMedium: return "MEDIUM";
    case Severity::kLow: return "LOW";
  }
  return "LOW";
}

char SeverityLetter(Severity severity) { return SeverityLabel(severity)[0]; }

double SarifSecurityScore(Severity severity) {
  switch (severity) {
    case Severity::kCritical: return 9.5;
    case Severity::kHigh: return 8.0;
    case Severity::kMedium: return 5.5;
    case Severity::kLow: return 3.0;
  }
  return 3.0;
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (Severity s : {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow}) {
    if (SeverityName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace atsguard::policy
