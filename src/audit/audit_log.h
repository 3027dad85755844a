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

  // While one is alive, lines are queued instead of written; when the last one ends they
  // are written in the order they were recorded. The watch loop holds them from a change
  // until the reload went out: a write to stdout wakes the reader of the log pipe (the
  // container runtime), and on a busy node that wake-up can take the CPU from the loop
  // for a scheduler slice, milliseconds, before the application was told.
  class HoldLines {
   public:
    explicit HoldLines(AuditLog& log);
    ~HoldLines();
    HoldLines(const HoldLines&) = delete;
    HoldLines& operator=(const HoldLines&) = delete;

   private:
    AuditLog& log_;
  };

 private:
  AuditSink& sink_;
  const sys::Clock& clock_;
  std::string pod_;
  std::string namespace_;
  std::mutex mutex_;
  Redactor redactor_;
  int holds_ = 0;                   // live HoldLines
  std::vector<std::string> held_;  // scrubbed lines waiting for the last one to end
};

}  // namespace atsguard::audit
