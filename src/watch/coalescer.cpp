#include "watch/coalescer.h"

namespace atsguard::watch {

bool ReloadCoalescer::TakeReady(TimePoint now) {
  if (!pending_) return false;
  if (last_delivery_ && now < *last_delivery_ + min_interval_) return false;
  pending_ = false;
  return true;
}

std::optional<ReloadCoalescer::TimePoint> ReloadCoalescer::NextDeadline() const {
  if (!pending_) return std::nullopt;
  if (!last_delivery_) return TimePoint::min();
  return *last_delivery_ + min_interval_;
}

}  // namespace atsguard::watch
