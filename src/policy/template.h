#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/severity.h"

namespace atsguard::policy {

// The settings of one rule in a template: on/off, its main severity and its thresholds.
// Built by the policy loader, which checked every parameter's presence and type, so the
// accessors abort on a missing or mistyped parameter (that would be our bug).
class RuleConfig {
 public:
  RuleConfig() = default;
  RuleConfig(std::string id, bool enabled, Severity severity, nlohmann::json params)
      : id_(std::move(id)), enabled_(enabled), severity_(severity), params_(std::move(params)) {}

  const std::string& id() const { return id_; }
  bool enabled() const { return enabled_; }
  Severity severity() const { return severity_; }
  const nlohmann::json& params() const { return params_; }

  // An optional parameter may be null ("no bound"); Has() is false then.
  bool Has(const char* name) const;
  long long Int(const char* name) const;
  double Number(const char* name) const;
  bool Bool(const char* name) const;
  std::string String(const char* name) const;
  std::vector<std::string> Strings(const char* name) const;
  // A severity parameter; nullopt when it is "off" (the case is not reported).
  std::optional<Severity> SeverityParam(const char* name) const;
  // An entry of a severity map ({"require": "medium", "verify-full": "pass"}):
  // nullopt for "pass" or a key not in the map (`*known` tells which).
  std::optional<Severity> SeverityFromMap(const char* name, const std::string& key,
                                          bool* known) const;

 private:
  const nlohmann::json& Param(const char* name) const;

  std::string id_;
  bool enabled_ = true;
  Severity severity_ = Severity::kLow;
  nlohmann::json params_ = nlohmann::json::object();
};

// A security template: which rules apply, how strict each is and what blocks.
// Immutable once loaded; safe to share between threads.
struct Template {
  std::string name;         // "production-financial", or a policy's own name
  std::string extends;      // the built-in template a policy file extends ("" for built-ins)
  std::string description;
  Severity block_at = Severity::kHigh;  // findings at or above this severity block
  std::map<std::string, RuleConfig> rules;  // by rule id

  const RuleConfig& Rule(const std::string& id) const;  // aborts for an unknown id

  // The template as the JSON a policy file uses (with "extends"), complete.
  nlohmann::json ToJson() const;
};

}  // namespace atsguard::policy
