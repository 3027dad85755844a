#include "http/yield_pacer.h"

#include <doctest/doctest.h>

namespace atsguard::http {
namespace {

using std::chrono::microseconds;
const YieldPacer::Clock::time_point kStart{};

TEST_CASE("a loop that never sleeps yields once per 250 us of serving") {
  YieldPacer pacer(kStart);
  int yields = 0;
  // epoll_wait returns at once (events ready), every 10 us, for 1 ms.
  for (int us = 10; us <= 1000; us += 10) {
    const auto at = kStart + microseconds(us);
    yields += pacer.ShouldYield(at - microseconds(1), at) ? 1 : 0;
  }
  CHECK(yields == 4);
}

TEST_CASE("a loop that sleeps in epoll_wait never yields") {
  YieldPacer pacer(kStart);
  // A request every 200 us, the loop asleep in between: busy for 200 us at most.
  for (int us = 200; us <= 10000; us += 200) {
    const auto at = kStart + microseconds(us);
    CHECK_FALSE(pacer.ShouldYield(at - YieldPacer::kSlept, at));
  }
  // Ten seconds asleep, then a batch ready at once: 1 us of busy time, no yield.
  const auto later = kStart + std::chrono::seconds(10);
  CHECK_FALSE(pacer.ShouldYield(kStart + microseconds(10000), later));
  CHECK_FALSE(pacer.ShouldYield(later, later + microseconds(1)));
}

TEST_CASE("sleeping resets the count of busy time") {
  YieldPacer pacer(kStart);
  CHECK_FALSE(pacer.ShouldYield(kStart + microseconds(199), kStart + microseconds(200)));
  // Slept 60 us: counting starts again at 260 us, so 400 us is only 140 us busy.
  CHECK_FALSE(pacer.ShouldYield(kStart + microseconds(200), kStart + microseconds(260)));
  CHECK_FALSE(pacer.ShouldYield(kStart + microseconds(399), kStart + microseconds(400)));
  CHECK(pacer.ShouldYield(kStart + microseconds(509), kStart + microseconds(510)));
}

}  // namespace
}  // namespace atsguard::http
