#pragma once

#include <CLI/App.hpp>

#include "app/check.h"

// Command-line flags of the modes. Every flag has an ATS_GUARD_* environment variable
// (Kubernetes users configure containers through env); a flag given on the command
// line wins over its variable.
namespace atsguard::app {

// --template, --policy, --secrets-dir, --strict (and the hidden --mountinfo).
void AddPolicyFlags(CLI::App& command, PolicyOptions& options);

// check's own flags: --format, --output, --termination-log, --generate-missing, --audit-log.
void AddCheckFlags(CLI::App& command, CheckOptions& options);

}  // namespace atsguard::app
