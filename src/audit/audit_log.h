#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/redactor.h"
#include "sys/clock.h"
#include "sys/environment.h"

namespace atsguard::audit {

// One security event (the shape of ats-core's SecurityAuditEntry, as JSON).
struct AuditEvent {
  std::string event_type;    // "policy_violation", "validation_verdict", "reload", ...
  std::string severity;      // "critical" | "high" | "medium" | "low" | "info"
  std::string action_taken;  // "block_start", "allow_start", "reload", "withhold_reload", ...
  std::string rule;          // "JWT-05", or "" when not about one rule
  std::string subject;       // the variable, file, target or client the event is about
  std::string message;       // never a secret value
  std::string client_ip;     // HTTP events only
  nlohmann::json details = nlohmann::json::object();  // extra fields, merged into the line
};

// Where finished JSON lines go. Implementations must be thread-safe.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void Write(const std::string& json_line) = 0;
};

// Writes one JSON object per line to stdout or stderr through spdlog, so lines from
// several threads never interleave.
std::unique_ptr<AuditSink> MakeStreamSink(bool to_stderr);
std::unique_ptr<AuditSink> MakeNullSink();

// Turns events into JSON audit lines: adds the timestamp, the tool, and the pod and
// namespace from the downward API (POD_NAME / POD_NAMESPACE), then scrubs every known
// secret value from the line as a last line of defence. Thread-safe.
class AuditLog {
 public:
  AuditLog(AuditSink& sink, const sys::Clock& clock, const sys::Environment& env);

  void Record(const AuditEvent& event);

  // Secret values to scrub from every line from now on (replaces the previous set).
  void SetSecrets(std::vector<std::string> secrets);

  // `text` with the same secret values scrubbed, for text that leaves the process by
  // another way (the sidecar's HTTP bodies).
  std::string Redact(std::string text);

 private:
  AuditSink& sink_;
  const sys::Clock& clock_;
  std::string pod_;
  std::string namespace_;
  std::mutex mutex_;
  Redactor redactor_;
};

}  // namespace atsguard::audit
