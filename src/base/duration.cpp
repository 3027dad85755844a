#include "base/duration.h"

#include <string>

#include "base/strings.h"

namespace atsguard::base {

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  long long amount = 0;
  if (digits == 0 || !ParseInt64(text.substr(0, digits), &amount)) {
    return Status(StatusCode::kInvalidArgument,
                  "invalid duration '" + std::string(text) + "' (use 100ms, 5s, 1m or 1h)");
  }
  std::string_view unit = text.substr(digits);
  long long factor = 0;
  if (unit == "ms") factor = 1;
  if (unit == "s" || unit.empty()) factor = 1000;
  if (unit == "m") factor = 60'000;
  if (unit == "h") factor = 3'600'000;
  if (factor == 0 || amount > 1'000'000'000LL / factor) {
    return Status(StatusCode::kInvalidArgument,
                  "invalid duration '" + std::string(text) + "' (use 100ms, 5s, 1m or 1h)");
  }
  return std::chrono::milliseconds(amount * factor);
}

}  // namespace atsguard::base
