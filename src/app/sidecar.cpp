#include "app/sidecar.h"

#include "app/guard_inputs.h"
#include "base/strings.h"
#include "policy/evaluator.h"

namespace atsguard::app {

using base::LogLevel;

Sidecar::Sidecar(SidecarOptions options, policy::Template tmpl, watch::ChangeDetector& detector,
                 std::vector<reload::ReloadTarget*> targets, reload::ReloadReporter& reporter,
                 status::StatusBoard& board, audit::AuditLog& audit, const sys::Environment& env,
                 const sys::FileSystem& fs, const sys::Clock& clock, base::LogFn log)
    : options_(std::move(options)),
      template_(std::move(tmpl)),
      detector_(detector),
      targets_(std::move(targets)),
      reporter_(reporter),
      board_(board),
      audit_(audit),
      env_(env),
      fs_(fs),
      clock_(clock),
      log_(std::move(log)),
      coalescer_(options_.min_reload_interval) {}

void Sidecar::Start() {
  const TimePoint now = clock_.MonotonicNow();
  board_.Heartbeat(now);
  last_heartbeat_ = now;
  // mountinfo is read once: a subPath mount is fixed for the container's life.
  subpath_mounts_ = ReadSubPathMounts(fs_, options_.mountinfo_path);
  detector_.Start(now);
  Evaluate("monitor", "withhold_reload");
  RecordEvaluation(audit_, *evaluation_, pass_action_, fail_action_);
  delivered_fingerprint_ = detector_.CombinedFingerprint();
}

void Sidecar::Evaluate(std::string_view pass_action, std::string_view fail_action) {
  DirectoryReads reads;
  const auto& sources = detector_.sources();
  const auto& states = detector_.states();
  for (size_t i = 0; i < sources.size(); ++i) {
    if (!sources[i].secrets_dir) continue;  // <NAME>_FILE targets are read by BuildInputs
    if (states[i].volume) {
      reads.volumes.push_back(*states[i].volume);
    } else {
      reads.problems.push_back({std::nullopt, sources[i].dir, states[i].error});
    }
  }
  secrets::InputSet inputs = BuildInputs(env_, fs_, reads);
  policy::EvaluationOptions options;
  options.now = clock_.WallNow();
  options.subpath_mounts = subpath_mounts_;
  options.strict = options_.strict;
  auto evaluation = std::make_shared<const policy::Evaluation>(
      policy::Evaluate(template_, inputs, options, cache_));

  // Old values stay scrubbed for one more generation: a line about the rotation may
  // still carry text read before it.
  std::vector<std::string> secrets = SecretValues(inputs);
  std::vector<std::string> scrubbed = secrets;
  scrubbed.insert(scrubbed.end(), previous_secrets_.begin(), previous_secrets_.end());
  audit_.SetSecrets(std::move(scrubbed));
  previous_secrets_ = std::move(secrets);

  board_.PublishEvaluation(evaluation, options.now);
  evaluation_ = std::move(evaluation);
  pass_action_ = pass_action;
  fail_action_ = fail_action;
}

void Sidecar::RunOnce() {
  // Nothing is written to stdout before a reload went out (see HoldLines); the lines of
  // this iteration follow it, in order, with the times they were recorded at.
  audit::AuditLog::HoldLines hold(audit_);
  const TimePoint now = clock_.MonotonicNow();
  board_.Heartbeat(now);
  last_heartbeat_ = now;

  std::vector<watch::DetectedChange> changes = detector_.RunOnce(now);
  if (!changes.empty()) {
    std::vector<std::string> reasons;
    for (const watch::DetectedChange& change : changes) {
      const std::string& dir = detector_.sources()[change.source].dir;
      board_.RecordSourceChange(dir, clock_.WallNow());
      audit::AuditEvent event;
      event.event_type = "secret_change";
      event.severity = "info";
      event.action_taken = "re-evaluate";
      event.subject = dir;
      event.message = change.keys.empty() ? "content changed"
                                          : "keys changed: " + base::Join(change.keys, ", ");
      event.details = {{"keys", change.keys}};
      audit_.Record(event);
      reasons.push_back(dir +
                        (change.keys.empty() ? "" : " (" + base::Join(change.keys, ", ") + ")"));
    }
    pending_reason_ = "changed: " + base::Join(reasons, "; ");
    Evaluate("reload", "withhold_reload");
    coalescer_.Request();
  }
  if (coalescer_.TakeReady(now)) Deliver(now);
  // The evaluation's lines (one per finding) come after the reload's: a reader sees what
  // changed, what was reloaded, then the findings.
  if (!changes.empty()) RecordEvaluation(audit_, *evaluation_, pass_action_, fail_action_);
}

void Sidecar::Deliver(TimePoint now) {
  const std::string fingerprint = detector_.CombinedFingerprint();
  if (fingerprint == delivered_fingerprint_) {
    // Changed and changed back within the interval: the application has this content.
    log_(LogLevel::kInfo, "content is back to what the application last loaded: no reload");
    return;
  }
  const policy::Evaluation& evaluation = *evaluation_;
  if (!evaluation.Passing()) {
    const policy::Finding* worst = nullptr;
    for (const policy::Finding& finding : evaluation.findings) {
      if (finding.blocking) {
        worst = &finding;  // findings are sorted most severe first
        break;
      }
    }
    const std::string severity =
        worst != nullptr ? std::string(policy::SeverityName(worst->severity)) : "high";
    const std::string summary =
        std::to_string(evaluation.BlockingCount()) + " blocking finding(s)" +
        (worst != nullptr ? ", first " + worst->rule + " on " + worst->subject : "");
    if (!options_.reload_on_invalid) {
      for (reload::ReloadTarget* target : targets_) {
        reporter_.Report(target->name(), "skipped_invalid", 0,
                         "reload withheld: the new secrets fail template " +
                             evaluation.template_name + " (" + summary + ")",
                         severity, "withhold_reload", pending_reason_);
      }
      log_(LogLevel::kWarning, "reload withheld: " + summary);
      return;
    }
    audit::AuditEvent event;
    event.event_type = "reload_on_invalid";
    event.severity = severity;
    event.action_taken = "reload";
    event.message = "reloading despite " + summary + " (--reload-on-invalid)";
    audit_.Record(event);
  }
  for (reload::ReloadTarget* target : targets_) target->Reload({pending_reason_});
  delivered_fingerprint_ = fingerprint;
  coalescer_.MarkDelivered(now);
}

Sidecar::TimePoint Sidecar::NextDeadline() const {
  TimePoint next =
      std::min(detector_.NextDeadline(), last_heartbeat_ + options_.heartbeat_interval);
  if (auto reload = coalescer_.NextDeadline(); reload && *reload < next) next = *reload;
  return next;
}

}  // namespace atsguard::app
