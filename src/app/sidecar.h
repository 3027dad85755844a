#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "base/log.h"
#include "policy/analysis_cache.h"
#include "policy/evaluation.h"
#include "policy/template.h"
#include "reload/reload_reporter.h"
#include "reload/reload_target.h"
#include "secrets/mountinfo.h"
#include "status/status_board.h"
#include "sys/clock.h"
#include "sys/environment.h"
#include "sys/file_system.h"
#include "watch/change_detector.h"
#include "watch/coalescer.h"

namespace atsguard::app {

struct SidecarOptions {
  bool strict = false;
  bool reload_on_invalid = false;
  // 250 ms: a storm is held to four reloads a second, while rotations a few hundred
  // milliseconds apart (the latency benchmark's 300 ms) each still reload at once.
  std::chrono::milliseconds min_reload_interval{250};
  // The loop wakes at least this often, so the status board's heartbeat tells a live
  // loop from a stuck one even when nothing changes.
  std::chrono::milliseconds heartbeat_interval{5000};
  std::string mountinfo_path = "/proc/self/mountinfo";
};

// The watch mode's logic, without threads, signals or sockets: evaluates at start, and on
// every content change re-evaluates (one AnalysisCache for its whole life, so unchanged key
// material is not analysed again), publishes the result, and asks the reload targets to
// reload when the new secrets pass (bursts coalesced, see ReloadCoalescer). A failing
// evaluation withholds the reload (unless reload_on_invalid) with an audit event at the
// severity of the worst blocking finding. Driven by RunOnce from one thread; borrows
// every reference.
class Sidecar {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  Sidecar(SidecarOptions options, policy::Template tmpl, watch::ChangeDetector& detector,
          std::vector<reload::ReloadTarget*> targets, reload::ReloadReporter& reporter,
          status::StatusBoard& board, audit::AuditLog& audit, const sys::Environment& env,
          const sys::FileSystem& fs, const sys::Clock& clock, base::LogFn log);

  // Reads every source, evaluates once and publishes: no reload (the application read
  // these secrets when it started).
  void Start();

  // One loop iteration: heartbeat, queued events and due timers, evaluation, reloads.
  void RunOnce();

  // Reads every source on the next iteration (SIGHUP).
  void RequestRescan() { detector_.RequestRescan(); }

  // When RunOnce next has timed work.
  TimePoint NextDeadline() const;

  const policy::Evaluation& evaluation() const { return *evaluation_; }

 private:
  void Evaluate(std::string_view pass_action, std::string_view fail_action);
  void Deliver(TimePoint now);

  SidecarOptions options_;
  policy::Template template_;
  watch::ChangeDetector& detector_;
  std::vector<reload::ReloadTarget*> targets_;
  reload::ReloadReporter& reporter_;
  status::StatusBoard& board_;
  audit::AuditLog& audit_;
  const sys::Environment& env_;
  const sys::FileSystem& fs_;
  const sys::Clock& clock_;
  base::LogFn log_;

  policy::AnalysisCache cache_;
  std::vector<secrets::SubPathMount> subpath_mounts_;
  std::shared_ptr<const policy::Evaluation> evaluation_;
  std::vector<std::string> previous_secrets_;
  watch::ReloadCoalescer coalescer_;
  std::string
      delivered_fingerprint_;  // the content the application last reloaded (or started) with
  std::string pending_reason_;
  std::string_view pass_action_;  // audit actions of the last evaluation (string literals)
  std::string_view fail_action_;
  TimePoint last_heartbeat_{};
};

}  // namespace atsguard::app
