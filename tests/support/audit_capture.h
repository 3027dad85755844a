#pragma once

#include "audit/audit_log.h"
#include "support/recording_audit_sink.h"
#include "sys/environment.h"

namespace atsguard::testing {

// An AuditLog writing to a RecordingAuditSink, with no pod metadata.
struct AuditCapture {
  explicit AuditCapture(const sys::Clock& clock) : log(sink, clock, env) {}
  RecordingAuditSink sink;
  sys::MapEnvironment env{{}};
  audit::AuditLog log;
};

}  // namespace atsguard::testing
