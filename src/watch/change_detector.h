#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/log.h"
#include "status/status_board.h"
#include "sys/file_system.h"
#include "sys/inotify_instance.h"
#include "watch/directory_watches.h"
#include "watch/source.h"

namespace atsguard::watch {

struct DetectorOptions {
  std::chrono::milliseconds debounce{100};           // quiet period for plain directories
  std::chrono::milliseconds rescan_interval{60000};  // safety rescan by content fingerprint
  DirectoryWatches::Options watches;
};

// A source whose content fingerprint changed, with the keys that differ (names only).
struct DetectedChange {
  size_t source = 0;
  std::vector<std::string> keys;
};

// Turns directory events into content changes. A kubelet `..data` swap is read at once
// (the new version is complete before the rename); plain directories are read after a
// quiet period; overflows, re-armed directories, SIGHUP and the periodic safety rescan
// read everything again. A kubelet volume caught mid-update is read again after the quiet
// period; one that stays unreadable (a dangling ..data) for kMaxUnsettledReads reads is
// taken as it is, so the evaluation reports it instead of the watcher retrying forever. A read
// whose fingerprint equals the previous one is no change, so an identical swap or read noise never
// reaches the evaluator. Driven by RunOnce from one thread; never blocks and never sleeps.
class ChangeDetector {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr int kMaxUnsettledReads = 10;

  // `inotify` may be null (see DirectoryWatches). Borrows every reference.
  ChangeDetector(std::vector<WatchSource> sources, const sys::FileSystem& fs, sys::Inotify* inotify,
                 status::StatusBoard& board, base::LogFn log, DetectorOptions options,
                 std::string no_inotify_reason = "");

  // Reads every source and arms the watches.
  void Start(TimePoint now);

  // Handles queued events and due timers; returns the sources whose content changed.
  std::vector<DetectedChange> RunOnce(TimePoint now);

  // Reads every source on the next RunOnce (SIGHUP).
  void RequestRescan() { rescan_requested_ = true; }

  // When RunOnce next has timed work (a quiet period ending, a rescan, a poll, a
  // re-arm). The loop may also wake earlier on an inotify event.
  TimePoint NextDeadline() const;

  const std::vector<WatchSource>& sources() const { return sources_; }
  const std::vector<SourceState>& states() const { return states_; }

  // Fingerprint of every source together: what the application was last given.
  std::string CombinedFingerprint() const;

 private:
  void Due(size_t index, TimePoint at);

  std::vector<WatchSource> sources_;
  std::vector<SourceState> states_;
  std::vector<std::optional<TimePoint>> due_;
  std::vector<int> unsettled_reads_;  // consecutive reads of a moving or dangling ..data
  const sys::FileSystem& fs_;
  DirectoryWatches watches_;
  DetectorOptions options_;
  TimePoint next_rescan_{};
  TimePoint next_poll_{};
  bool rescan_requested_ = false;
};

}  // namespace atsguard::watch
