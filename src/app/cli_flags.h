#pragma once

#include <CLI/App.hpp>

#include "app/check.h"
#include "app/watch.h"

// Command-line flags of the modes. Every flag has an ATS_GUARD_* environment variable
// (Kubernetes users configure containers through env); a flag given on the command
// line wins over its variable.
namespace atsguard::app {

// --template, --policy, --secrets-dir, --strict (and the hidden --mountinfo).
void AddPolicyFlags(CLI::App& command, PolicyOptions& options);

// check's own flags: --format, --output, --termination-log, --generate-missing, --audit-log.
void AddCheckFlags(CLI::App& command, CheckOptions& options);

// watch's flags: the policy flags plus reload targets, timings and --listen (issue 3).
// Durations are checked at parse time ("100ms", "5s"): a bad one is a usage error.
void AddWatchFlags(CLI::App& command, WatchOptions& options);

}  // namespace atsguard::app
