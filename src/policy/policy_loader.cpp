#include "policy/policy_loader.h"

#include <algorithm>

#include "base/strings.h"
#include "policy/builtin_templates.h"
#include "policy/json_positions.h"
#include "policy/rule_catalog.h"
#include "secrets/catalog.h"

namespace atsguard::policy {

using base::Result;
using base::Status;
using base::StatusCode;
using nlohmann::json;

namespace {

constexpr size_t kMaxPolicyBytes = 1 << 20;

bool IsSeverityName(const json& value, bool allow_off) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  return ParseSeverity(text).has_value() || (allow_off && text == "off");
}

bool IsOctalMode(const json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() < 3 || text.size() > 4) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '7'; });
}

bool IsStringArray(const json& value) {
  return value.is_array() &&
         std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
}

bool HasType(const json& value, const ParamSpec& spec) {
  if (value.is_null()) return spec.nullable;
  switch (spec.type) {
    case ParamType::kInteger: return value.is_number_integer();
    case ParamType::kNumber: return value.is_number();
    case ParamType::kBoolean: return value.is_boolean();
    case ParamType::kString: return value.is_string();
    case ParamType::kStringList: return IsStringArray(value);
    case ParamType::kSeverity: return IsSeverityName(value, /*allow_off=*/true);
    case ParamType::kOctalMode: return IsOctalMode(value);
    case ParamType::kSeverityMap:
      return value.is_object() && std::all_of(value.begin(), value.end(), [](const json& v) {
               return IsSeverityName(v, false) || v == "pass";
             });
    case ParamType::kInputList:
      return IsStringArray(value) && std::all_of(value.begin(), value.end(), [](const json& v) {
               return secrets::FindByFileKey(v.get<std::string>()).has_value();
             });
  }
  return false;
}

std::string ParamNames(const RuleSpec& spec) {
  std::vector<std::string> names = {"enabled", "severity"};
  for (const ParamSpec& param : spec.params) names.emplace_back(param.name);
  return base::Join(names, ", ");
}

class Builder {
 public:
  explicit Builder(const PositionedJson& doc) : doc_(doc) {}

  Status Error(const std::string& pointer, const std::string& what) const {
    return Status(StatusCode::kInvalidArgument, doc_.Where(pointer) + ": " + what);
  }

  // Applies one rule's settings over `rule`. `complete` requires every parameter
  // (built-in templates define everything; policy files override a part).
  Status ApplyRule(const RuleSpec& spec, const json& settings, const std::string& pointer,
                   bool complete, RuleConfig* rule) const {
    if (!settings.is_object()) return Error(pointer, "rule settings must be an object");
    bool enabled = rule->enabled();
    Severity severity = rule->severity();
    json params = rule->params();
    for (const auto& [key, value] : settings.items()) {
      const std::string at = pointer + "/" + key;
      if (key == "enabled") {
        if (!value.is_boolean()) return Error(at, "\"enabled\" must be true or false");
        enabled = value.get<bool>();
        continue;
      }
      if (key == "severity") {
        if (!IsSeverityName(value, false)) {
          return Error(at, "\"severity\" must be one of \"critical\", \"high\", \"medium\", "
                           "\"low\" (use \"enabled\": false to turn a rule off)");
        }
        severity = *ParseSeverity(value.get<std::string>());
        continue;
      }
      auto param = std::find_if(spec.params.begin(), spec.params.end(),
                                [&](const ParamSpec& p) { return p.name == key; });
      if (param == spec.params.end()) {
        return Error(at, "unknown key \"" + key + "\" for rule " + std::string(spec.id) +
                             " (known: " + ParamNames(spec) + ")");
      }
      if (!HasType(value, *param)) {
        return Error(at, "\"" + key + "\" must be " + std::string(ParamTypeName(param->type)) +
                             (param->nullable ? " or null" : ""));
      }
      params[key] = value;
    }
    if (complete) {
      if (!settings.contains("severity")) return Error(pointer, "\"severity\" is missing");
      for (const ParamSpec& param : spec.params) {
        if (!params.contains(std::string(param.name))) {
          return Error(pointer, "\"" + std::string(param.name) + "\" is missing for rule " +
                                    std::string(spec.id));
        }
      }
    }
    *rule = RuleConfig(std::string(spec.id), enabled, severity, std::move(params));
    return Status::Ok();
  }

  // Builds a template from the document. `base` is the template a policy extends, or
  // nullptr for a built-in (which must then be complete).
  Result<Template> Build(const Template* base) const {
    const json& root = doc_.root();
    if (!root.is_object()) return Error("", "the policy must be a JSON object");
    Template result = base != nullptr ? *base : Template{};
    for (const auto& [key, value] : root.items()) {
      const std::string at = "/" + key;
      if (key == "extends" || key == "name" || key == "description") {
        if (!value.is_string()) return Error(at, "\"" + key + "\" must be a string");
      } else if (key == "block_at") {
        if (!IsSeverityName(value, false)) {
          return Error(at, "\"block_at\" must be one of \"critical\", \"high\", \"medium\", \"low\"");
        }
        result.block_at = *ParseSeverity(value.get<std::string>());
      } else if (key != "rules") {
        return Error(at, "unknown key \"" + key +
                             "\" (known: extends, name, description, block_at, rules)");
      }
    }
    if (root.contains("name")) result.name = root["name"].get<std::string>();
    if (root.contains("description")) result.description = root["description"].get<std::string>();
    if (base == nullptr && !root.contains("block_at")) return Error("", "\"block_at\" is missing");

    const json rules = root.value("rules", json::object());
    if (!rules.is_object()) return Error("/rules", "\"rules\" must be an object");
    for (const auto& [id, settings] : rules.items()) {
      const RuleSpec* spec = FindRule(id);
      if (spec == nullptr) return Error("/rules/" + id, "unknown rule \"" + id + "\"");
      RuleConfig& rule = result.rules[id];
      Status applied = ApplyRule(*spec, settings, "/rules/" + id, base == nullptr, &rule);
      if (!applied.ok()) return applied;
    }
    if (base == nullptr) {
      for (const RuleSpec& spec : AllRules()) {
        if (!result.rules.contains(std::string(spec.id))) {
          return Error("/rules", "rule " + std::string(spec.id) + " is missing");
        }
      }
    }
    return result;
  }

 private:
  const PositionedJson& doc_;
};

}  // namespace

std::vector<std::string> BuiltinTemplateNames() {
  std::vector<std::string> names;
  for (const BuiltinTemplate& t : BuiltinTemplates()) names.emplace_back(t.name);
  return names;
}

Result<Template> LoadBuiltinTemplate(std::string_view name) {
  for (const BuiltinTemplate& builtin : BuiltinTemplates()) {
    if (builtin.name != name) continue;
    auto doc = PositionedJson::Parse(builtin.json, "built-in template " + std::string(name));
    if (!doc.ok()) return doc.status();
    auto result = Builder(doc.value()).Build(nullptr);
    if (result.ok()) result->name = std::string(name);
    return result;
  }
  return Status(StatusCode::kNotFound, "unknown template '" + std::string(name) +
                                           "' (choose " + base::Join(BuiltinTemplateNames(), ", ") +
                                           ")");
}

Result<Template> ParsePolicy(std::string_view text, const std::string& source) {
  auto doc = PositionedJson::Parse(text, source);
  if (!doc.ok()) return doc.status();
  const json& root = doc->root();
  if (!root.is_object() || !root.contains("extends") || !root["extends"].is_string()) {
    return Status(StatusCode::kInvalidArgument,
                  doc->Where("") +
                      ": a policy needs \"extends\": one of " +
                      base::Join(BuiltinTemplateNames(), ", "));
  }
  const std::string extends = root["extends"].get<std::string>();
  auto base = LoadBuiltinTemplate(extends);
  if (!base.ok()) return Status(StatusCode::kInvalidArgument, doc->Where("/extends") + ": " +
                                                                  base.status().message());
  auto result = Builder(doc.value()).Build(&base.value());
  if (!result.ok()) return result;
  result->extends = extends;
  if (!root.contains("name")) result->name = extends + " (policy " + source + ")";
  return result;
}

Result<Template> LoadPolicyFile(const sys::FileSystem& fs, const std::string& path) {
  auto text = fs.ReadFile(path, kMaxPolicyBytes);
  if (!text.ok()) return text.status();
  return ParsePolicy(text.value(), path);
}

}  // namespace atsguard::policy
