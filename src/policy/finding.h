#pragma once

#include <string>

#include "policy/severity.h"

namespace atsguard::policy {

// One broken rule. Names the input and the measured property, never the value
// (RULES.md, "Findings never carry values").
struct Finding {
  std::string rule;     // "JWT-05"
  Severity severity = Severity::kLow;
  std::string subject;  // the variable or file: "ATS_JWT_SECRET", "/var/run/secrets/ats/db-password"
  std::string message;  // threshold and measurement: "27 characters; the template requires >= 64"
  bool blocking = false;  // set by the evaluator from the template and --strict
};

}  // namespace atsguard::policy
