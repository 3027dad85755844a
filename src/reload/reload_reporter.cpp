#include "reload/reload_reporter.h"

namespace atsguard::reload {

void ReloadReporter::Report(const std::string& target, const std::string& result, int attempt,
                            const std::string& message, const std::string& severity,
                            const std::string& action, const std::string& reason) {
  const auto now = clock_.WallNow();
  board_.RecordReload({target, result, now, attempt, message});
  audit::AuditEvent event;
  event.event_type = "reload";
  event.severity = severity;
  event.action_taken = action;
  event.subject = target;
  event.message = message;
  event.details = {{"result", result}, {"attempt", attempt}};
  if (!reason.empty()) event.details["reason"] = reason;
  log_.Record(event);
}

}  // namespace atsguard::reload
