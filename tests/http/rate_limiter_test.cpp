#include "http/rate_limiter.h"

#include <doctest/doctest.h>

#include "http/client_table.h"
#include "support/fake_clock.h"

namespace atsguard::testing {
namespace {

using std::chrono::seconds;

TEST_CASE("a client gets its per-minute budget as a burst, then 429 with Retry-After") {
  FakeClock clock;
  http::RateLimiter limiter(6, 100, clock);
  for (int i = 0; i < 6; ++i) CHECK(limiter.Admit("10.0.0.1").allowed);
  http::RateLimiter::Decision refused = limiter.Admit("10.0.0.1");
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == seconds(10));  // one request every 10 s at 6/min
}

TEST_CASE("the budget refills continuously") {
  FakeClock clock;
  http::RateLimiter limiter(60, 100, clock);
  for (int i = 0; i < 60; ++i) REQUIRE(limiter.Admit("a").allowed);
  CHECK_FALSE(limiter.Admit("a").allowed);
  clock.Advance(std::chrono::milliseconds(999));
  CHECK_FALSE(limiter.Admit("a").allowed);
  clock.Advance(std::chrono::milliseconds(1));
  CHECK(limiter.Admit("a").allowed);
  CHECK_FALSE(limiter.Admit("a").allowed);
}

TEST_CASE("clients are limited independently") {
  FakeClock clock;
  http::RateLimiter limiter(1, 100, clock);
  CHECK(limiter.Admit("10.0.0.1").allowed);
  CHECK_FALSE(limiter.Admit("10.0.0.1").allowed);
  CHECK(limiter.Admit("10.0.0.2").allowed);
}

TEST_CASE("the client table stays bounded: idle entries go first, then the oldest") {
  using Clock = std::chrono::steady_clock;
  http::ClientTable<int> table(2, seconds(60));
  Clock::time_point t0{seconds(1000)};
  table.Touch("a", t0) = 1;
  table.Touch("b", t0 + seconds(1)) = 2;
  table.Touch("c", t0 + seconds(2)) = 3;  // full: "a" is the least recently seen
  CHECK(table.size() == 2);
  CHECK(table.Touch("b", t0 + seconds(3)) == 2);
  CHECK(table.Touch("a", t0 + seconds(4)) == 0);  // forgotten: starts afresh
  CHECK(table.size() == 2);
}

TEST_CASE("audit events are throttled per key and report what they held back") {
  FakeClock clock;
  http::AuditThrottle throttle(seconds(10), 100, clock);
  uint64_t suppressed = 99;
  CHECK(throttle.Admit("10.0.0.1|auth", &suppressed));
  CHECK(suppressed == 0);
  CHECK_FALSE(throttle.Admit("10.0.0.1|auth", &suppressed));
  CHECK_FALSE(throttle.Admit("10.0.0.1|auth", &suppressed));
  CHECK(throttle.Admit("10.0.0.2|auth", &suppressed));
  clock.Advance(seconds(10));
  CHECK(throttle.Admit("10.0.0.1|auth", &suppressed));
  CHECK(suppressed == 2);
}

}  // namespace
}  // namespace atsguard::testing
