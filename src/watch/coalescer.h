#pragma once

#include <chrono>
#include <optional>

namespace atsguard::watch {

// Bounds reload storms with a leading and a trailing edge: the first request after a quiet
// interval is ready at once; requests within `min_interval` of the last delivered reload
// are merged into one, ready when the interval ends. Only delivered reloads start an
// interval (a withheld reload does not delay the next passing one). Pure; not thread-safe.
class ReloadCoalescer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit ReloadCoalescer(std::chrono::milliseconds min_interval) : min_interval_(min_interval) {}

  // A change wants a reload.
  void Request() { pending_ = true; }

  // True (and the request is taken) when a pending request may be delivered at `now`.
  bool TakeReady(TimePoint now);

  // A reload was delivered at `now`: the next one waits for the interval.
  void MarkDelivered(TimePoint now) { last_delivery_ = now; }

  // When a pending request becomes ready; nullopt when nothing is pending.
  std::optional<TimePoint> NextDeadline() const;

  bool pending() const { return pending_; }

 private:
  std::chrono::milliseconds min_interval_;
  std::optional<TimePoint> last_delivery_;
  bool pending_ = false;
};

}  // namespace atsguard::watch
