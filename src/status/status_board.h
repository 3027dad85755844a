#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "policy/evaluation.h"

namespace atsguard::status {

// One delivery attempt of a reload to a target.
struct ReloadRecord {
  std::string target;  // "signal:ats-core", "http://127.0.0.1:8080/-/reload" (credentials removed)
  std::string result;  // "success" | "failure" | "retry" | "skipped_invalid"
  std::chrono::system_clock::time_point at;
  int attempt = 1;
  std::string message;  // why it failed; never a secret
};

// The last time a secrets source changed content, and how often it did.
struct SourceChange {
  std::chrono::system_clock::time_point last_change;
  uint64_t changes = 0;
};

struct WatcherState {
  std::string mode = "starting";  // "inotify" | "polling" | "starting"
  bool healthy = false;
  std::vector<std::string> problems;  // "watch limit reached: polling every 1s", ...
};

// Everything /healthz, /readyz, /status and /metrics report, copied out at once.
struct StatusSnapshot {
  std::string template_name;
  std::shared_ptr<const policy::Evaluation> evaluation;  // null until the first evaluation
  std::optional<std::chrono::system_clock::time_point> evaluated_at;
  std::map<std::string, SourceChange> sources;  // by directory path
  std::deque<ReloadRecord> reloads;             // most recent last, at most kMaxReloads
  WatcherState watcher;
  std::chrono::steady_clock::time_point heartbeat;  // last watch-loop iteration

  // Monotonic counters since start, for Prometheus (rendered at scrape time).
  std::map<std::string, uint64_t> evaluations;  // by result: "pass" | "fail"
  std::map<std::pair<std::string, std::string>, uint64_t> reload_counts;  // (target, result)
  std::map<std::string, std::chrono::system_clock::time_point> last_reload_success;  // by target
  uint64_t watch_events = 0;
  std::map<std::string, uint64_t> watch_errors;  // by reason: "overflow", "watch_limit", ...
};

// The sidecar's shared state. The watch loop writes; HTTP handlers read copies.
// Thread-safe; every method takes one mutex briefly and never calls out while holding it.
class StatusBoard {
 public:
  static constexpr size_t kMaxReloads = 32;

  explicit StatusBoard(std::string template_name);

  // Also counts the evaluation by result.
  void PublishEvaluation(std::shared_ptr<const policy::Evaluation> evaluation,
                         std::chrono::system_clock::time_point at);
  void RecordSourceChange(const std::string& source, std::chrono::system_clock::time_point at);
  // Starts every (target, result) counter of `target` at 0, so a first failure is an
  // increase Prometheus can see rather than a series that appears.
  void DeclareReloadTarget(const std::string& target);
  // Keeps the record in the recent list and counts it by (target, result).
  void RecordReload(ReloadRecord record);
  void CountWatchEvents(uint64_t events);
  void CountWatchError(const std::string& reason);
  void SetWatcher(WatcherState watcher);
  void Heartbeat(std::chrono::steady_clock::time_point now);

  StatusSnapshot Read() const;

 private:
  mutable std::mutex mutex_;
  StatusSnapshot state_;
};

}  // namespace atsguard::status
