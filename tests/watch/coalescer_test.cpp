#include "watch/coalescer.h"

#include <doctest/doctest.h>

namespace atsguard::testing {
namespace {

using std::chrono::milliseconds;
using watch::ReloadCoalescer;

const ReloadCoalescer::TimePoint kStart{std::chrono::hours(1)};

TEST_CASE("the first change reloads at once (leading edge)") {
  ReloadCoalescer coalescer(milliseconds(1000));
  CHECK_FALSE(coalescer.TakeReady(kStart));
  coalescer.Request();
  CHECK(coalescer.TakeReady(kStart));
  CHECK_FALSE(coalescer.pending());
}

TEST_CASE("changes within the interval merge into one trailing reload") {
  ReloadCoalescer coalescer(milliseconds(1000));
  coalescer.Request();
  REQUIRE(coalescer.TakeReady(kStart));
  coalescer.MarkDelivered(kStart);
  for (int i = 1; i <= 19; ++i) {
    coalescer.Request();
    CHECK_FALSE(coalescer.TakeReady(kStart + milliseconds(i * 2)));
  }
  REQUIRE(coalescer.NextDeadline());
  CHECK(*coalescer.NextDeadline() == kStart + milliseconds(1000));
  CHECK_FALSE(coalescer.TakeReady(kStart + milliseconds(999)));
  CHECK(coalescer.TakeReady(kStart + milliseconds(1000)));
  CHECK_FALSE(coalescer.NextDeadline());
}

TEST_CASE("a withheld reload does not delay the next one") {
  ReloadCoalescer coalescer(milliseconds(1000));
  coalescer.Request();
  REQUIRE(coalescer.TakeReady(kStart));  // taken, but not delivered (failing secrets)
  coalescer.Request();
  CHECK(coalescer.TakeReady(kStart + milliseconds(10)));
}

TEST_CASE("a zero interval never holds a reload back") {
  ReloadCoalescer coalescer(milliseconds(0));
  coalescer.Request();
  REQUIRE(coalescer.TakeReady(kStart));
  coalescer.MarkDelivered(kStart);
  coalescer.Request();
  CHECK(coalescer.TakeReady(kStart));
}

}  // namespace
}  // namespace atsguard::testing
