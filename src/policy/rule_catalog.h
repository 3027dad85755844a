#pragma once

#include <span>
#include <string_view>

namespace atsguard::policy {

class RuleConfig;
struct RuleContext;
class FindingSink;

// The type a rule parameter must have in a template or policy file.
enum class ParamType {
  kInteger,
  kNumber,
  kBoolean,
  kString,
  kStringList,
  kSeverity,     // "critical" | "high" | "medium" | "low" | "off"
  kSeverityMap,  // {"<value>": "critical" | ... | "pass"}
  kOctalMode,    // "0440"
  kInputList,    // ["jwt-secret", "db-password"]: canonical file keys of RULES.md
};

std::string_view ParamTypeName(ParamType type);

struct ParamSpec {
  std::string_view name;
  ParamType type;
  bool nullable = false;  // null means "no bound"
};

using RuleFunction = void (*)(const RuleContext& context, const RuleConfig& config,
                              FindingSink& sink);

// One rule of RULES.md: its id, what it checks, the parameters a template gives it and
// the function that evaluates it.
struct RuleSpec {
  std::string_view id;
  std::string_view title;
  std::span<const ParamSpec> params;
  RuleFunction evaluate;
};

// Every rule, in RULES.md order.
std::span<const RuleSpec> AllRules();
const RuleSpec* FindRule(std::string_view id);

}  // namespace atsguard::policy
