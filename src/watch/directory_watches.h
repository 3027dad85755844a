#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/log.h"
#include "status/status_board.h"
#include "sys/inotify_instance.h"

namespace atsguard::watch {

// The inotify watches on the watched directories (never on files: a watch on a file
// follows the inode the kubelet is about to delete). Re-arms a directory that was deleted,
// moved or unmounted, with exponential backoff until it is back, and falls back to polling
// a directory when the watch limit is reached (ENOSPC) or there is no inotify at all,
// saying so in a log line, a watch error counter and the watcher state.
// Owned by the ChangeDetector; not thread-safe.
class DirectoryWatches {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  struct Options {
    std::chrono::milliseconds rearm_initial{100};
    std::chrono::milliseconds rearm_max{2000};
    std::chrono::milliseconds poll_interval{1000};  // only reported; the detector polls
  };

  // What happened to each directory (by index in `dirs`) since the last Poll.
  struct Activity {
    std::set<size_t> commits;  // a kubelet `..data` swap
    std::set<size_t> changes;  // a plain entry changed
    std::set<size_t> gone;     // the directory went away (re-arm scheduled)
    std::set<size_t> rearmed;  // the directory is back and watched again
    bool overflow = false;     // events were lost: everything must be read again
    uint64_t events = 0;
  };

  // `inotify` may be null (no instance could be created): every directory is polled and
  // `no_inotify_reason` says why.
  DirectoryWatches(sys::Inotify* inotify, std::vector<std::string> dirs, Options options,
                   status::StatusBoard& board, base::LogFn log, std::string no_inotify_reason = "");

  // Watches every directory; one that cannot be watched yet is retried with backoff.
  void ArmAll(TimePoint now);

  // Reads queued events (never blocks) and retries the re-arms that are due.
  Activity Poll(TimePoint now);

  // Tries again to watch the polled directories (called on each safety rescan).
  void RetryPolled(TimePoint now);

  // Directories watched by polling, not inotify.
  std::vector<size_t> Polled() const;

  // The earliest re-arm attempt; nullopt when none is scheduled.
  std::optional<TimePoint> NextDeadline() const;

 private:
  enum class Mode { kArmed, kMissing, kPolled };
  struct Dir {
    std::string path;
    Mode mode = Mode::kMissing;
    int wd = -1;
    std::chrono::milliseconds backoff{0};
    TimePoint next_try{};
    bool retrying = false;  // lost or never watched: reading it is due once it is back
    std::string problem;
  };

  void Arm(size_t index, TimePoint now, Activity* activity);
  void Lost(size_t index, TimePoint now, const std::string& why);
  void Publish();

  sys::Inotify* inotify_;
  std::vector<Dir> dirs_;
  std::map<int, std::vector<size_t>> by_wd_;  // two paths may name one directory
  Options options_;
  status::StatusBoard& board_;
  base::LogFn log_;
  std::string no_inotify_reason_;
};

}  // namespace atsguard::watch
