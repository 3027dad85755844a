#include "watch/change_detector.h"

#include "crypto/digest.h"

namespace atsguard::watch {

namespace {

std::vector<std::string> DirsOf(const std::vector<WatchSource>& sources) {
  std::vector<std::string> dirs;
  for (const WatchSource& source : sources) dirs.push_back(source.dir);
  return dirs;
}

}  // namespace

ChangeDetector::ChangeDetector(std::vector<WatchSource> sources, const sys::FileSystem& fs,
                               sys::Inotify* inotify, status::StatusBoard& board, base::LogFn log,
                               DetectorOptions options, std::string no_inotify_reason)
    : sources_(std::move(sources)),
      states_(sources_.size()),
      due_(sources_.size()),
      unsettled_reads_(sources_.size(), 0),
      fs_(fs),
      watches_(inotify, DirsOf(sources_), options.watches, board, std::move(log),
               std::move(no_inotify_reason)),
      options_(options) {}

void ChangeDetector::Start(TimePoint now) {
  // Watch first, then read: a change landing between the two is seen by both, never
  // by neither.
  watches_.ArmAll(now);
  for (size_t i = 0; i < sources_.size(); ++i) {
    bool transient = false;
    states_[i] = ReadSource(fs_, sources_[i], &transient);
    if (transient) Due(i, now + options_.debounce);
  }
  next_rescan_ = now + options_.rescan_interval;
  next_poll_ = now + options_.watches.poll_interval;
}

void ChangeDetector::Due(size_t index, TimePoint at) {
  if (!due_[index] || at < *due_[index]) due_[index] = at;
}

std::vector<DetectedChange> ChangeDetector::RunOnce(TimePoint now) {
  DirectoryWatches::Activity activity = watches_.Poll(now);
  for (size_t i : activity.commits) Due(i, now);
  for (size_t i : activity.gone) Due(i, now);
  for (size_t i : activity.rearmed) Due(i, now);
  // Each event of a plain directory restarts its quiet period: writers there are not
  // atomic, and reading mid-write would evaluate half a file.
  for (size_t i : activity.changes) {
    if (!activity.commits.contains(i)) due_[i] = now + options_.debounce;
  }
  if (activity.overflow || rescan_requested_ || now >= next_rescan_) {
    for (size_t i = 0; i < sources_.size(); ++i) Due(i, now);
    if (now >= next_rescan_) watches_.RetryPolled(now);
    next_rescan_ = now + options_.rescan_interval;
    rescan_requested_ = false;
  }
  std::vector<size_t> polled = watches_.Polled();
  if (!polled.empty() && now >= next_poll_) {
    for (size_t i : polled) Due(i, now);
    next_poll_ = now + options_.watches.poll_interval;
  }

  std::vector<DetectedChange> changes;
  for (size_t i = 0; i < sources_.size(); ++i) {
    if (!due_[i] || *due_[i] > now) continue;
    due_[i].reset();
    bool transient = false;
    SourceState state = ReadSource(fs_, sources_[i], &transient);
    if (transient && ++unsettled_reads_[i] <= kMaxUnsettledReads) {
      Due(i, now + options_.debounce);  // ..data kept moving: read the settled version
      continue;
    }
    unsettled_reads_[i] = 0;
    if (state.fingerprint == states_[i].fingerprint) continue;  // identical swap or noise
    changes.push_back({i, ChangedKeys(states_[i], state)});
    states_[i] = std::move(state);
  }
  return changes;
}

ChangeDetector::TimePoint ChangeDetector::NextDeadline() const {
  TimePoint next = next_rescan_;
  for (const auto& due : due_) {
    if (due && *due < next) next = *due;
  }
  if (!watches_.Polled().empty() && next_poll_ < next) next = next_poll_;
  if (auto rearm = watches_.NextDeadline(); rearm && *rearm < next) next = *rearm;
  return next;
}

std::string ChangeDetector::CombinedFingerprint() const {
  crypto::KeyedHasher hasher;
  for (const SourceState& state : states_) hasher.Add(state.fingerprint);
  return hasher.Finish();
}

}  // namespace atsguard::watch
