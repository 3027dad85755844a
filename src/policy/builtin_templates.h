#pragma once

#include <span>
#include <string_view>

namespace atsguard::policy {

// The JSON text of a built-in template, compiled in from src/policy/templates/.
struct BuiltinTemplate {
  std::string_view name;
  std::string_view json;
};

// production-financial, staging, development: in that order.
std::span<const BuiltinTemplate> BuiltinTemplates();

}  // namespace atsguard::policy
