#include "watch/directory_watches.h"

#include <algorithm>

#include "watch/event_classifier.h"

namespace atsguard::watch {

using base::LogLevel;
using base::StatusCode;

namespace {

std::string Millis(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + "ms"; }

}  // namespace

DirectoryWatches::DirectoryWatches(sys::Inotify* inotify, std::vector<std::string> dirs,
                                   Options options, status::StatusBoard& board, base::LogFn log,
                                   std::string no_inotify_reason)
    : inotify_(inotify),
      options_(options),
      board_(board),
      log_(std::move(log)),
      no_inotify_reason_(std::move(no_inotify_reason)) {
  for (std::string& path : dirs) {
    Dir dir;
    dir.path = std::move(path);
    dirs_.push_back(std::move(dir));
  }
}

void DirectoryWatches::ArmAll(TimePoint now) {
  Activity ignored;
  for (size_t i = 0; i < dirs_.size(); ++i) Arm(i, now, &ignored);
  Publish();
}

void DirectoryWatches::Arm(size_t index, TimePoint now, Activity* activity) {
  Dir& dir = dirs_[index];
  if (inotify_ == nullptr) {
    if (dir.mode != Mode::kPolled) {
      dir.mode = Mode::kPolled;
      dir.problem = dir.path + ": polled every " + Millis(options_.poll_interval) + " (" +
                    no_inotify_reason_ + ")";
      board_.CountWatchError("no_inotify");
      log_(LogLevel::kError, "watch degraded: " + dir.problem);
    }
    return;
  }
  auto wd = inotify_->AddWatch(dir.path, DirectoryWatchMask());
  if (wd.ok()) {
    const bool was_lost = dir.retrying;
    dir.mode = Mode::kArmed;
    dir.retrying = false;
    dir.wd = wd.value();
    dir.backoff = std::chrono::milliseconds(0);
    dir.problem.clear();
    by_wd_[dir.wd].push_back(index);
    if (was_lost && activity != nullptr) {
      activity->rearmed.insert(index);
      log_(LogLevel::kInfo, "watching " + dir.path + " again");
    }
    return;
  }
  if (wd.status().code() == StatusCode::kResourceExhausted) {
    if (dir.mode != Mode::kPolled) {
      dir.mode = Mode::kPolled;
      dir.problem = wd.status().message() + ": polled every " + Millis(options_.poll_interval);
      board_.CountWatchError("watch_limit");
      log_(LogLevel::kError,
           "watch degraded: " + dir.problem + "; raise fs.inotify.max_user_watches on the node");
    }
    return;
  }
  // Missing (not mounted yet, deleted) or unusable: try again later, less and less often.
  const bool first_failure = !dir.retrying;
  dir.mode = Mode::kMissing;
  dir.retrying = true;
  dir.backoff = dir.backoff.count() == 0 ? options_.rearm_initial
                                         : std::min(dir.backoff * 2, options_.rearm_max);
  dir.next_try = now + dir.backoff;
  dir.problem = wd.status().message() + ": re-arming with backoff";
  if (first_failure)
    log_(LogLevel::kWarning, "cannot watch " + wd.status().message() +
                                 "; retrying with backoff up to " + Millis(options_.rearm_max));
}

void DirectoryWatches::Lost(size_t index, TimePoint now, const std::string& why) {
  Dir& dir = dirs_[index];
  dir.mode = Mode::kMissing;
  dir.retrying = true;
  dir.wd = -1;
  dir.backoff = std::chrono::milliseconds(0);
  dir.next_try = now;  // the first re-arm is due at once: it may already be back
  dir.problem = dir.path + ": " + why + ", re-arming";
  board_.CountWatchError("directory_gone");
  log_(LogLevel::kWarning, dir.path + ": " + why + "; re-arming with backoff");
}

DirectoryWatches::Activity DirectoryWatches::Poll(TimePoint now) {
  Activity activity;
  if (inotify_ != nullptr) {
    auto events = inotify_->ReadEvents();
    if (!events.ok()) {
      // Not seen in practice (EBADF, EFAULT would be our bug); rescanning loses nothing.
      log_(LogLevel::kError, "reading inotify events failed: " + events.status().message());
      board_.CountWatchError("read_error");
      activity.overflow = true;
    } else {
      activity.events = events->size();
      if (activity.events > 0) board_.CountWatchEvents(activity.events);
      for (const sys::InotifyEvent& event : events.value()) {
        EventClass kind = Classify(event);
        if (kind == EventClass::kOverflow) {
          if (!activity.overflow) {
            board_.CountWatchError("overflow");
            log_(LogLevel::kWarning, "inotify queue overflowed: rescanning every directory");
          }
          activity.overflow = true;
          continue;
        }
        auto it = by_wd_.find(event.wd);
        if (it == by_wd_.end()) continue;  // IN_IGNORED of a watch already given up
        std::vector<size_t> indices = it->second;
        if (kind == EventClass::kDirectoryGone) {
          by_wd_.erase(it);
          // A moved directory keeps its watch on the old inode: drop it, re-arm the path.
          if ((event.mask & sys::inotify_mask::kMoveSelf) != 0) inotify_->RemoveWatch(event.wd);
          const char* why = (event.mask & sys::inotify_mask::kUnmount) != 0    ? "unmounted"
                            : (event.mask & sys::inotify_mask::kMoveSelf) != 0 ? "moved away"
                                                                               : "deleted";
          for (size_t i : indices) {
            Lost(i, now, why);
            activity.gone.insert(i);
          }
          continue;
        }
        for (size_t i : indices) {
          if (kind == EventClass::kCommit) activity.commits.insert(i);
          if (kind == EventClass::kChange) activity.changes.insert(i);
        }
      }
    }
  }
  for (size_t i = 0; i < dirs_.size(); ++i) {
    if (dirs_[i].mode == Mode::kMissing && now >= dirs_[i].next_try) Arm(i, now, &activity);
  }
  if (activity.events > 0 || !activity.gone.empty() || !activity.rearmed.empty()) Publish();
  return activity;
}

void DirectoryWatches::RetryPolled(TimePoint now) {
  if (inotify_ == nullptr) return;
  bool changed = false;
  for (size_t i = 0; i < dirs_.size(); ++i) {
    if (dirs_[i].mode != Mode::kPolled) continue;
    Arm(i, now, nullptr);
    if (dirs_[i].mode == Mode::kArmed) {
      log_(LogLevel::kInfo, "watching " + dirs_[i].path + " with inotify again");
      changed = true;
    }
  }
  if (changed) Publish();
}

std::vector<size_t> DirectoryWatches::Polled() const {
  std::vector<size_t> polled;
  for (size_t i = 0; i < dirs_.size(); ++i) {
    if (dirs_[i].mode == Mode::kPolled) polled.push_back(i);
  }
  return polled;
}

std::optional<DirectoryWatches::TimePoint> DirectoryWatches::NextDeadline() const {
  std::optional<TimePoint> next;
  for (const Dir& dir : dirs_) {
    if (dir.mode == Mode::kMissing && (!next || dir.next_try < *next)) next = dir.next_try;
  }
  return next;
}

void DirectoryWatches::Publish() {
  status::WatcherState state;
  state.mode = Polled().empty() ? "inotify" : "polling";
  state.healthy = true;
  for (const Dir& dir : dirs_) {
    if (!dir.problem.empty()) state.problems.push_back(dir.problem);
  }
  board_.SetWatcher(std::move(state));
}

}  // namespace atsguard::watch
