#pragma once

#include <optional>
#include <string_view>

namespace atsguard::policy {

// RULES.md "Severities and what blocks". Ordered: a higher value is more severe.
enum class Severity { kLow = 0, kMedium = 1, kHigh = 2, kCritical = 3 };

std::string_view SeverityName(Severity severity);   // "critical"
std::string_view SeverityLabel(Severity severity);  // "CRITICAL", for the text report
char SeverityLetter(Severity severity);             // 'C', as RULES.md writes it
double SarifSecurityScore(Severity severity);       // C 9.5, H 8.0, M 5.5, L 3.0

// Parses "critical", "high", "medium" or "low".
std::optional<Severity> ParseSeverity(std::string_view name);

}  // namespace atsguard::policy
