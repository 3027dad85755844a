#pragma once

#include <chrono>

namespace atsguard::http {

// Decides when a connection loop should give its core away (sched_yield) under load.
//
// Under a saturating load epoll_wait never sleeps, and the kernel lets the loop hold its
// core until the next scheduler tick (4 ms at HZ=250) even when a thread it preempted is
// waiting: typically the watch loop, cut off by the wake-up of the application it just
// signalled, with the webhook still to send. Measured on two cores with
// `watch-latency-bench 200 --metrics-load` (wrk -t2 -c16 on /metrics), reload p99 (SIGHUP,
// webhook): idle 1.0 and 1.4 ms; under load 3.0-4.5 and 4.8-5.5 ms without yielding, 1.2-1.4
// and 1.8-2.2 ms with it. tests/bench/http_bench.sh: /metrics 73k requests/s at p99 0.7 ms
// with it, 76-78k at p99 1.0-1.4 ms without. One syscall per 250 us of busy serving.
class YieldPacer {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::microseconds kBusyLimit{250};
  // An epoll_wait that took this long slept: the loop was not holding its core.
  static constexpr std::chrono::microseconds kSlept{50};

  explicit YieldPacer(Clock::time_point now) : busy_since_(now) {}

  // Called after each epoll_wait with the time around it. True: yield now.
  bool ShouldYield(Clock::time_point before_wait, Clock::time_point after_wait) {
    if (after_wait - before_wait >= kSlept) {
      busy_since_ = after_wait;
      return false;
    }
    if (after_wait - busy_since_ < kBusyLimit) return false;
    busy_since_ = after_wait;
    return true;
  }

 private:
  Clock::time_point busy_since_;
};

}  // namespace atsguard::http
