#pragma once

#include <string>

#include "base/status.h"

namespace atsguard::reload {

// Why a reload is asked for, for audit lines ("jwt-secret changed in /var/run/secrets/ats").
struct ReloadRequest {
  std::string reason;
};

// One way of telling the application to re-read its secrets. Reload() never blocks on the
// network (an HTTP target retries on its own thread) and records every attempt, retry and
// failure through the ReloadReporter it was given. Called from the watch loop only.
class ReloadTarget {
 public:
  virtual ~ReloadTarget() = default;

  // "signal:ats-core", "http://127.0.0.1:8080/-/reload": never holds credentials.
  virtual std::string name() const = 0;

  // Start-up check: can the target be seen and reached right now? The message says what
  // to fix. A failure is reported, not fatal: the application may start after the sidecar.
  virtual base::Status Check() = 0;

  virtual void Reload(const ReloadRequest& request) = 0;
};

}  // namespace atsguard::reload
