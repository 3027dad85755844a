#pragma once

#include <CLI/App.hpp>

#include "http/server_options.h"

namespace atsguard::app {

// The sidecar HTTP server's flags, each with its ATS_GUARD_* variable: --listen,
// --tls-cert, --tls-key, --tls-min-version, --auth-token-file, --rate-limit-rpm.
// For the watch subcommand.
void AddServerFlags(CLI::App& command, http::ServerOptions& options);

}  // namespace atsguard::app
