#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "http/client_table.h"
#include "sys/clock.h"

namespace atsguard::http {

// A token bucket per client address: `per_minute` requests in any burst, refilled
// continuously at per_minute/60 per second. Borrows the clock. Thread-safe.
class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    std::chrono::seconds retry_after{0};  // when refused: until one request is allowed again
  };

  RateLimiter(int per_minute, size_t max_clients, const sys::Clock& clock);

  Decision Admit(const std::string& client);

 private:
  struct Bucket {
    bool started = false;
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };

  const double capacity_;
  const double per_second_;
  const sys::Clock& clock_;
  std::mutex mutex_;
  ClientTable<Bucket> buckets_;
};

// Keeps a flood of refused requests from becoming a flood of audit lines: at most one
// event per key (client and event type) per window; the events held back are counted and
// reported with the next one. Borrows the clock. Thread-safe.
class AuditThrottle {
 public:
  AuditThrottle(std::chrono::seconds window, size_t max_keys, const sys::Clock& clock);

  // True when the event should be written now; then `*suppressed` is the number of events
  // for `key` held back since the last one written.
  bool Admit(const std::string& key, uint64_t* suppressed);

 private:
  struct Entry {
    bool written = false;
    std::chrono::steady_clock::time_point last_written;
    uint64_t suppressed = 0;
  };

  const std::chrono::seconds window_;
  const sys::Clock& clock_;
  std::mutex mutex_;
  ClientTable<Entry> entries_;
};

}  // namespace atsguard::http
