#include "policy/rules/context.h"

#include "base/strings.h"

namespace atsguard::policy {

std::optional<std::string> RuleContext::Trimmed(secrets::InputId id) const {
  const secrets::InputValue* value = inputs.Get(id);
  if (value == nullptr) return std::nullopt;
  return std::string(base::Trim(value->value));
}

const SecretAge* RuleContext::AgeOf(std::string_view secret) const {
  for (const SecretAge& age : ages) {
    if (age.secret == secret) return &age;
  }
  return nullptr;
}

void FindingSink::Report(Severity severity, std::string subject, std::string message) {
  out_->push_back(Finding{rule_, severity, std::move(subject), std::move(message), false});
}

void FindingSink::Report(std::optional<Severity> severity, std::string subject,
                         std::string message) {
  if (severity) Report(*severity, std::move(subject), std::move(message));
}

std::string DescribeSetting(std::string_view value, std::initializer_list<std::string_view> known) {
  for (std::string_view candidate : known) {
    if (candidate == value) return "'" + std::string(value) + "'";
  }
  if (value.empty()) return "empty";
  return "an unrecognised value (" + std::to_string(base::CharacterCount(value)) + " characters)";
}

std::string PrintablePublic(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 64)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (text.size() > 64) out += "...";
  return out;
}

}  // namespace atsguard::policy
