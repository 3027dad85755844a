#include "base/time_format.h"

#include <doctest/doctest.h>

namespace atsguard::base {
namespace {

TEST_CASE("RFC 3339 timestamps with Z, offsets and fractions") {
  CHECK(ParseRfc3339("1970-01-01T00:00:00Z") == 0);
  CHECK(ParseRfc3339("2026-11-01T10:00:00Z") == 1793527200);
  CHECK(ParseRfc3339("2026-11-01T12:00:00+02:00") == 1793527200);
  CHECK(ParseRfc3339("2026-11-01T09:30:00.25-00:30") == 1793527200);
  CHECK(ParseRfc3339(" 2026-11-01T10:00:00Z\n") == 1793527200);
}

TEST_CASE("anything else is rejected") {
  for (const char* bad : {"", "yesterday", "2026-11-01", "2026-11-01T10:00:00", "2026-13-01T00:00:00Z",
                          "2026-11-01T10:00:00Zjunk", "2026-11-01T25:00:00Z"}) {
    CAPTURE(std::string(bad));
    CHECK_FALSE(ParseRfc3339(bad).has_value());
  }
}

TEST_CASE("audit timestamps are UTC with milliseconds") {
  auto t = std::chrono::system_clock::from_time_t(1793527200) + std::chrono::milliseconds(42);
  CHECK(FormatRfc3339(t) == "2026-11-01T10:00:00.042Z");
}

}  // namespace
}  // namespace atsguard::base
