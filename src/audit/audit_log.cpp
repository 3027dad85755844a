#include "audit/audit_log.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "base/time_format.h"

namespace atsguard::audit {

namespace {

class StreamSink : public AuditSink {
 public:
  explicit StreamSink(bool to_stderr) {
    spdlog::sink_ptr sink;
    if (to_stderr) {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
      sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    }
    logger_ = std::make_shared<spdlog::logger>("audit", sink);
    logger_->set_pattern("%v");
    // Audit lines must reach `kubectl logs` even if the process is killed next.
    logger_->flush_on(spdlog::level::trace);
  }
  void Write(const std::string& json_line) override { logger_->info(json_line); }

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

class NullSink : public AuditSink {
 public:
  void Write(const std::string&) override {}
};

}  // namespace

std::unique_ptr<AuditSink> MakeStreamSink(bool to_stderr) {
  return std::make_unique<StreamSink>(to_stderr);
}

std::unique_ptr<AuditSink> MakeNullSink() { return std::make_unique<NullSink>(); }

AuditLog::AuditLog(AuditSink& sink, const sys::Clock& clock, const sys::Environment& env)
    : sink_(sink),
      clock_(clock),
      pod_(env.Get("POD_NAME").value_or(env.Get("HOSTNAME").value_or(""))),
      namespace_(env.Get("POD_NAMESPACE").value_or("")) {}

void AuditLog::SetSecrets(std::vector<std::string> secrets) {
  std::lock_guard lock(mutex_);
  redactor_.SetSecrets(std::move(secrets));
}

std::string AuditLog::Redact(std::string text) {
  std::lock_guard lock(mutex_);
  return redactor_.Scrub(std::move(text));
}

void AuditLog::Record(const AuditEvent& event) {
  // ordered_json: the timestamp and event type lead each line, as people read them.
  nlohmann::ordered_json line = {{"timestamp", base::FormatRfc3339(clock_.WallNow())},
                         {"source", "ats-guard"},
                         {"event_type", event.event_type},
                         {"severity", event.severity},
                         {"action_taken", event.action_taken}};
  if (!event.rule.empty()) line["rule"] = event.rule;
  if (!event.subject.empty()) line["subject"] = event.subject;
  line["message"] = event.message;
  if (!event.client_ip.empty()) line["client_ip"] = event.client_ip;
  if (!pod_.empty()) line["pod"] = pod_;
  if (!namespace_.empty()) line["namespace"] = namespace_;
  for (const auto& [key, value] : event.details.items()) line[key] = value;
  // Invalid UTF-8 from a file name must not throw: replace it.
  std::string text =
      line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::lock_guard lock(mutex_);
  std::string scrubbed = redactor_.Scrub(std::move(text));
  if (holds_ > 0) {
    held_.push_back(std::move(scrubbed));
  } else {
    sink_.Write(scrubbed);
  }
}

AuditLog::HoldLines::HoldLines(AuditLog& log) : log_(log) {
  std::lock_guard lock(log_.mutex_);
  ++log_.holds_;
}

AuditLog::HoldLines::~HoldLines() {
  std::lock_guard lock(log_.mutex_);
  if (--log_.holds_ > 0) return;
  for (const std::string& line : log_.held_) log_.sink_.Write(line);
  log_.held_.clear();
}

}  // namespace atsguard::audit
