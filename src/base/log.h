#pragma once

#include <functional>
#include <string>

namespace atsguard::base {

enum class LogLevel { kInfo, kWarning, kError };

// Where a long-running mode writes its operational log lines (start-up, degraded modes,
// re-arms). Injected so tests collect the lines; the sidecar writes them to stderr after
// scrubbing known secret values. Must be callable from any thread.
using LogFn = std::function<void(LogLevel level, const std::string& message)>;

}  // namespace atsguard::base
