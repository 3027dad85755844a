#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "status/status_board.h"

// What /healthz, /readyz and /status answer, as pure functions of a StatusSnapshot: no
// I/O, no clock reads, so every state of the life cycle is testable without a socket.
namespace atsguard::http {

struct Reply {
  int status = 200;
  std::string content_type;
  std::string body;
};

// Time as the probes see it (monotonic, like the watch loop's heartbeat).
struct ProbeClock {
  std::chrono::steady_clock::time_point now;
  std::chrono::steady_clock::time_point server_started;
  std::chrono::milliseconds stuck_after{30000};
};

// Why the watch loop counts as stuck (no heartbeat for longer than stuck_after, or none
// at all that long after the server started); nullopt while it is alive.
std::optional<std::string> StuckReason(const status::StatusSnapshot& snapshot,
                                       const ProbeClock& clock);

// Why the sidecar is not ready, in order: no evaluation yet, blocking findings (rule,
// severity, subject: never a value or a message), an unhealthy watcher, a stuck loop.
// Empty when ready.
std::vector<std::string> NotReadyReasons(const status::StatusSnapshot& snapshot,
                                         const ProbeClock& clock);

// 200 "ok" while the loop is alive, 503 with the reason when it is stuck.
Reply HealthReply(const status::StatusSnapshot& snapshot, const ProbeClock& clock);

// 200 "ready", or 503 listing NotReadyReasons.
Reply ReadyReply(const status::StatusSnapshot& snapshot, const ProbeClock& clock);

// The operator's view as JSON: template, verdict, findings (rule, severity, subject,
// message, blocking), source changes, recent reloads, watcher state, readiness, stamped
// with `wall_now`.
Reply StatusReply(const status::StatusSnapshot& snapshot, const ProbeClock& clock,
                  std::chrono::system_clock::time_point wall_now);

}  // namespace atsguard::http
