#pragma once

#include <string>

#include "audit/audit_log.h"
#include "status/status_board.h"
#include "sys/clock.h"

namespace atsguard::reload {

// Records one reload outcome twice: as an audit event and on the status board (the
// recent list and the counters /metrics renders). Thread-safe: the webhook worker and the
// watch loop share one.
class ReloadReporter {
 public:
  ReloadReporter(status::StatusBoard& board, audit::AuditLog& log, const sys::Clock& clock)
      : board_(board), log_(log), clock_(clock) {}

  // `result`: "success" | "retry" | "failure" | "skipped_invalid" (status::ReloadRecord).
  // `severity` and `action` go to the audit line ("info"/"reload", "high"/"reload_failed").
  void Report(const std::string& target, const std::string& result, int attempt,
              const std::string& message, const std::string& severity, const std::string& action,
              const std::string& reason = "");

 private:
  status::StatusBoard& board_;
  audit::AuditLog& log_;
  const sys::Clock& clock_;
};

}  // namespace atsguard::reload
