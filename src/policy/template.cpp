#include "policy/template.h"

#include <cstdio>
#include <cstdlib>

namespace atsguard::policy {

namespace {

[[noreturn]] void Bug(const std::string& what) {
  std::fprintf(stderr, "ats-guard: internal error: %s\n", what.c_str());
  std::abort();
}

}  // namespace

const nlohmann::json& RuleConfig::Param(const char* name) const {
  auto it = params_.find(name);
  if (it == params_.end() || it->is_null()) Bug(id_ + ": parameter '" + name + "' is missing");
  return *it;
}

bool RuleConfig::Has(const char* name) const {
  auto it = params_.find(name);
  return it != params_.end() && !it->is_null();
}

long long RuleConfig::Int(const char* name) const { return Param(name).get<long long>(); }
double RuleConfig::Number(const char* name) const { return Param(name).get<double>(); }
bool RuleConfig::Bool(const char* name) const { return Param(name).get<bool>(); }
std::string RuleConfig::String(const char* name) const { return Param(name).get<std::string>(); }

std::vector<std::string> RuleConfig::Strings(const char* name) const {
  return Param(name).get<std::vector<std::string>>();
}

std::optional<Severity> RuleConfig::SeverityParam(const char* name) const {
  std::string text = String(name);
  if (text == "off") return std::nullopt;
  auto severity = ParseSeverity(text);
  if (!severity) Bug(id_ + ": parameter '" + name + "' is not a severity");
  return severity;
}

std::optional<Severity> RuleConfig::SeverityFromMap(const char* name, const std::string& key,
                                                    bool* known) const {
  const nlohmann::json& map = Param(name);
  auto it = map.find(key);
  *known = it != map.end();
  if (!*known || *it == "pass") return std::nullopt;
  return ParseSeverity(it->get<std::string>());
}

const RuleConfig& Template::Rule(const std::string& id) const {
  auto it = rules.find(id);
  if (it == rules.end()) Bug("template '" + name + "' has no rule " + id);
  return it->second;
}

nlohmann::json Template::ToJson() const {
  nlohmann::json rules_json = nlohmann::json::object();
  for (const auto& [id, rule] : rules) {
    nlohmann::json entry = {{"enabled", rule.enabled()},
                            {"severity", std::string(SeverityName(rule.severity()))}};
    for (const auto& [key, value] : rule.params().items()) entry[key] = value;
    rules_json[id] = entry;
  }
  return {{"extends", extends.empty() ? name : extends},
          {"name", name},
          {"description", description},
          {"block_at", std::string(SeverityName(block_at))},
          {"rules", rules_json}};
}

}  // namespace atsguard::policy
