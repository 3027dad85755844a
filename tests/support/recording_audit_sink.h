#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/audit_log.h"

namespace atsguard::testing {

// Keeps every audit line, parsed, for assertions. Thread-safe.
class RecordingAuditSink : public audit::AuditSink {
 public:
  void Write(const std::string& line) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(line);
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  // Parsed lines whose event_type is `type`.
  std::vector<nlohmann::json> Events(const std::string& type) const {
    std::vector<nlohmann::json> events;
    for (const std::string& line : lines()) {
      auto json = nlohmann::json::parse(line);
      if (json["event_type"] == type) events.push_back(json);
    }
    return events;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace atsguard::testing
