#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

namespace atsguard::http {

// Per-client state (keyed by client address) that cannot grow without bound: at capacity,
// entries unseen for `idle` are dropped first, then the least recently seen one. Dropping
// an entry only forgets history a client could also get by waiting `idle`, so choose
// `idle` as the longest memory the state needs. Not thread-safe: the owner locks.
template <typename T>
class ClientTable {
 public:
  using Clock = std::chrono::steady_clock;

  ClientTable(size_t max_clients, Clock::duration idle) : max_(max_clients), idle_(idle) {}

  // The entry for `client`, value-initialised when new; marks it seen at `now`. The
  // reference is valid until the next call.
  T& Touch(const std::string& client, Clock::time_point now) {
    auto it = entries_.find(client);
    if (it == entries_.end()) {
      if (entries_.size() >= max_) Evict(now);
      it = entries_.emplace(client, Entry{}).first;
    }
    it->second.seen = now;
    return it->second.value;
  }

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    T value{};
    Clock::time_point seen;
  };

  // Linear, but only when the table is full: an attacker cycling addresses pays for it,
  // ordinary traffic never does.
  void Evict(Clock::time_point now) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (now - it->second.seen >= idle_) {
        it = entries_.erase(it);
        continue;
      }
      if (oldest == entries_.end() || it->second.seen < oldest->second.seen) oldest = it;
      ++it;
    }
    if (entries_.size() >= max_ && oldest != entries_.end()) entries_.erase(oldest);
  }

  size_t max_;
  Clock::duration idle_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace atsguard::http
