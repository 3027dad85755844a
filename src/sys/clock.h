#pragma once

#include <chrono>

namespace atsguard::sys {

// Time, injected so tests control it. Monotonic time measures intervals (debounce,
// backoff, heartbeats); wall time stamps audit events and computes key ages.
// Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point MonotonicNow() const = 0;
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
};

class SystemClock : public Clock {
 public:
  std::chrono::steady_clock::time_point MonotonicNow() const override {
    return std::chrono::steady_clock::now();
  }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace atsguard::sys
