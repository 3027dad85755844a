#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "sys/environment.h"

namespace atsguard::testing {

// An audit sink that keeps every line, for assertions on recorded events. Thread-safe.
class RecordingSink : public audit::AuditSink {
 public:
  void Write(const std::string& json_line) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(json_line);
  }
  std::vector<std::string> Lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  // The events whose event_type is `type`, parsed.
  std::vector<nlohmann::json> Events(const std::string& type) const {
    std::vector<nlohmann::json> out;
    for (const std::string& line : Lines()) {
      nlohmann::json event = nlohmann::json::parse(line);
      if (event.value("event_type", "") == type) out.push_back(std::move(event));
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// An AuditLog writing to a RecordingSink, with no pod metadata.
struct AuditCapture {
  explicit AuditCapture(const sys::Clock& clock) : log(sink, clock, env) {}
  RecordingSink sink;
  sys::MapEnvironment env{{}};
  audit::AuditLog log;
};

}  // namespace atsguard::testing
