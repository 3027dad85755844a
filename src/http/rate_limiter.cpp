#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace atsguard::http {

RateLimiter::RateLimiter(int per_minute, size_t max_clients, const sys::Clock& clock)
    : capacity_(per_minute),
      per_second_(per_minute / 60.0),
      clock_(clock),
      // A bucket untouched for a minute is full again: forgetting it changes nothing.
      buckets_(max_clients, std::chrono::minutes(1)) {}

RateLimiter::Decision RateLimiter::Admit(const std::string& client) {
  auto now = clock_.MonotonicNow();
  std::lock_guard lock(mutex_);
  Bucket& bucket = buckets_.Touch(client, now);
  if (!bucket.started) {
    bucket = {true, capacity_, now};
  } else {
    double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.tokens = std::min(capacity_, bucket.tokens + elapsed * per_second_);
    bucket.refilled = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return {};
  }
  auto wait = static_cast<long long>(std::ceil((1 - bucket.tokens) / per_second_));
  return {false, std::chrono::seconds(std::max(1LL, wait))};
}

AuditThrottle::AuditThrottle(std::chrono::seconds window, size_t max_keys, const sys::Clock& clock)
    : window_(window), clock_(clock), entries_(max_keys, window) {}

bool AuditThrottle::Admit(const std::string& key, uint64_t* suppressed) {
  auto now = clock_.MonotonicNow();
  std::lock_guard lock(mutex_);
  Entry& entry = entries_.Touch(key, now);
  if (entry.written && now - entry.last_written < window_) {
    ++entry.suppressed;
    return false;
  }
  *suppressed = entry.suppressed;
  entry = {true, now, 0};
  return true;
}

}  // namespace atsguard::http
