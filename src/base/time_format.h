#pragma once

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace atsguard::base {

// Parses an RFC 3339 timestamp ("2026-11-01T10:00:00Z", "2026-11-01T12:00:00.5+02:00");
// surrounding whitespace is ignored. nullopt for anything else.
std::optional<std::time_t> ParseRfc3339(std::string_view text);

// "2026-12-03T15:52:21.123Z": UTC, millisecond precision, for audit events.
std::string FormatRfc3339(std::chrono::system_clock::time_point time);

}  // namespace atsguard::base
