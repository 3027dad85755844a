#pragma once

#include <chrono>
#include <mutex>

#include "sys/clock.h"

namespace atsguard::testing {

// A clock that moves only when a test says so. Thread-safe (a webhook worker may read it).
class FakeClock : public sys::Clock {
 public:
  std::chrono::steady_clock::time_point MonotonicNow() const override {
    std::lock_guard lock(mutex_);
    return monotonic_;
  }
  std::chrono::system_clock::time_point WallNow() const override {
    std::lock_guard lock(mutex_);
    return wall_;
  }
  void Advance(std::chrono::steady_clock::duration by) {
    std::lock_guard lock(mutex_);
    monotonic_ += by;
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
  }

 private:
  mutable std::mutex mutex_;
  // Far from zero, so no code can mistake the start for "never".
  std::chrono::steady_clock::time_point monotonic_{std::chrono::hours(1000)};
  std::chrono::system_clock::time_point wall_ = std::chrono::system_clock::now();
};

}  // namespace atsguard::testing
