#include "status/status_board.h"

namespace atsguard::status {

StatusBoard::StatusBoard(std::string template_name) {
  state_.template_name = std::move(template_name);
}

void StatusBoard::PublishEvaluation(std::shared_ptr<const policy::Evaluation> evaluation,
                                    std::chrono::system_clock::time_point at) {
  std::lock_guard lock(mutex_);
  if (evaluation) ++state_.evaluations[evaluation->Passing() ? "pass" : "fail"];
  state_.evaluation = std::move(evaluation);
  state_.evaluated_at = at;
}

void StatusBoard::RecordSourceChange(const std::string& source,
                                     std::chrono::system_clock::time_point at) {
  std::lock_guard lock(mutex_);
  SourceChange& change = state_.sources[source];
  change.last_change = at;
  ++change.changes;
}

void StatusBoard::DeclareReloadTarget(const std::string& target) {
  std::lock_guard lock(mutex_);
  for (const char* result : {"success", "failure", "retry", "skipped_invalid"}) {
    state_.reload_counts.try_emplace({target, result}, 0);
  }
}

void StatusBoard::RecordReload(ReloadRecord record) {
  std::lock_guard lock(mutex_);
  ++state_.reload_counts[{record.target, record.result}];
  if (record.result == "success") state_.last_reload_success[record.target] = record.at;
  state_.reloads.push_back(std::move(record));
  while (state_.reloads.size() > kMaxReloads) state_.reloads.pop_front();
}

void StatusBoard::CountWatchEvents(uint64_t events) {
  std::lock_guard lock(mutex_);
  state_.watch_events += events;
}

void StatusBoard::CountWatchError(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++state_.watch_errors[reason];
}

void StatusBoard::SetWatcher(WatcherState watcher) {
  std::lock_guard lock(mutex_);
  state_.watcher = std::move(watcher);
}

void StatusBoard::Heartbeat(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  state_.heartbeat = now;
}

StatusSnapshot StatusBoard::Read() const {
  std::lock_guard lock(mutex_);
  return state_;
}

}  // namespace atsguard::status
