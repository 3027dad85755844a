#pragma once

#include <cstdio>
#include <string>

#include "app/guard_inputs.h"
#include "sys/clock.h"
#include "sys/environment.h"
#include "sys/file_system.h"

namespace atsguard::app {

struct CheckOptions {
  PolicyOptions policy;
  std::string format = "text";   // text | json | sarif
  std::string output;            // report file; "" = stdout
  std::string termination_log;   // "" = /dev/termination-log when it exists
  std::string generate_missing;  // development only: write missing secrets here
  std::string audit_log = "stdout";  // stdout | stderr | off
};

// The process-level seams a mode runs against.
struct Deps {
  const sys::Environment& env;
  const sys::FileSystem& fs;
  const sys::Clock& clock;
  std::FILE* out;
  std::FILE* err;
};

inline constexpr const char* kDefaultTerminationLog = "/dev/termination-log";

// `ats-guard check`: evaluates once, prints the report, writes audit lines and the
// termination message. Returns the process exit code (base::ExitCode).
int RunCheck(const CheckOptions& options, const Deps& deps);

}  // namespace atsguard::app
