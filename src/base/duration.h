#pragma once

#include <chrono>
#include <string_view>

#include "base/status.h"

namespace atsguard::base {

// Parses "100ms", "5s", "1m", "2h" or a bare number of seconds ("30") into milliseconds.
// Fails with kInvalidArgument naming the text for anything else (negative, "5 s", "1d").
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace atsguard::base
