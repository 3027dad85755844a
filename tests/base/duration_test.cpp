#include "base/duration.h"

#include <doctest/doctest.h>

namespace atsguard::base {
namespace {

TEST_CASE("durations accept ms, s, m, h and bare seconds") {
  CHECK(ParseDuration("100ms")->count() == 100);
  CHECK(ParseDuration("5s")->count() == 5000);
  CHECK(ParseDuration("1m")->count() == 60000);
  CHECK(ParseDuration("2h")->count() == 7200000);
  CHECK(ParseDuration("30")->count() == 30000);
}

TEST_CASE("bad durations are errors naming the text") {
  for (const char* bad : {"", "-1s", "5 s", "1d", "ms", "1.5s", "99999999999h"}) {
    CAPTURE(std::string(bad));
    auto d = ParseDuration(bad);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().message().find("'" + std::string(bad) + "'") != std::string::npos);
  }
}

}  // namespace
}  // namespace atsguard::base
