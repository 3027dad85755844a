#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sys/inotify_instance.h"

namespace atsguard::testing {

// An inotify whose events and failures a test scripts: a full watch table (ENOSPC),
// directories that cannot be watched, queue overflows. Not thread-safe.
class FakeInotify : public sys::Inotify {
 public:
  base::Result<int> AddWatch(const std::string& path, uint32_t) override {
    ++add_calls;
    if (watch_limit_reached) {
      return base::Status(base::StatusCode::kResourceExhausted, path + ": watch limit reached");
    }
    if (auto it = failures.find(path); it != failures.end()) return it->second;
    auto it = wds.find(path);
    if (it != wds.end()) return it->second;
    wds[path] = next_wd_;
    return next_wd_++;
  }
  void RemoveWatch(int wd) override {
    for (auto it = wds.begin(); it != wds.end(); ++it) {
      if (it->second == wd) {
        wds.erase(it);
        return;
      }
    }
  }
  base::Result<std::vector<sys::InotifyEvent>> ReadEvents() override {
    std::vector<sys::InotifyEvent> events;
    events.swap(queue);
    return events;
  }
  int fd() const override { return -1; }

  // Queues an event for the watch on `dir` (which must be watched).
  void Queue(const std::string& dir, uint32_t mask, const std::string& name = "") {
    queue.push_back({wds.at(dir), mask, 0, name});
  }
  // The kernel's sequence when a watched directory is deleted: the watch is then gone.
  void QueueDeleted(const std::string& dir) {
    const int wd = wds.at(dir);
    queue.push_back({wd, sys::inotify_mask::kDeleteSelf, 0, ""});
    queue.push_back({wd, sys::inotify_mask::kIgnored, 0, ""});
    wds.erase(dir);
  }
  void QueueOverflow() { queue.push_back({-1, sys::inotify_mask::kQueueOverflow, 0, ""}); }

  bool watch_limit_reached = false;
  std::map<std::string, base::Status> failures;  // AddWatch(path) fails with this
  std::map<std::string, int> wds;                // live watches
  std::vector<sys::InotifyEvent> queue;
  int add_calls = 0;

 private:
  int next_wd_ = 1;
};

}  // namespace atsguard::testing
