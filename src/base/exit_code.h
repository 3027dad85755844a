#pragma once

namespace atsguard::base {

// Every exit code the binary returns, in one place (RULES.md, "Exit codes of check").
enum class ExitCode : int {
  kPass = 0,         // no blocking finding (warnings allowed)
  kBlocking = 1,     // at least one blocking finding
  kUsage = 2,        // bad flag, unreadable or invalid policy, bad configuration
  kInternal = 3,     // our own bug or an unexpected failure
};

inline int ToInt(ExitCode code) { return static_cast<int>(code); }

}  // namespace atsguard::base
