#pragma once

#include <string>
#include <vector>

#include "app/check.h"
#include "app/guard_inputs.h"
#include "http/server_options.h"

namespace atsguard::app {

// Flags of `ats-guard watch` as given; durations and codes are parsed by RunWatch, which
// exits with kUsage on any bad value.
struct WatchOptions {
  PolicyOptions policy;
  std::vector<std::string> reload;  // signal | http | none; empty: inferred from the flags below
  std::string process_name;
  std::string signal = "HUP";
  std::vector<std::string> webhook_urls;
  std::string webhook_method = "POST";
  std::string webhook_timeout = "5s";
  std::string webhook_success = "2xx";
  std::string debounce = "100ms";
  std::string min_reload_interval = "250ms";
  std::string rescan_interval = "60s";
  bool reload_on_invalid = false;
  http::ServerOptions server;        // /healthz, /readyz, /status, /metrics (AddServerFlags)
  std::string audit_log = "stdout";  // stdout | stderr | off
};

// `ats-guard watch`: the sidecar. Evaluates at start, then watches the secrets and
// reloads the application on a passing rotation, until SIGTERM or SIGINT (exit 0 within
// a second). SIGHUP rescans at once. Returns kUsage for a bad flag or policy, kInternal
// when the process cannot set itself up.
int RunWatch(const WatchOptions& options, const Deps& deps);

}  // namespace atsguard::app
