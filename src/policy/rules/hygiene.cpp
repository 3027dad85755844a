#include <cctype>

#include "base/strings.h"
#include "policy/rules/rules.h"

namespace atsguard::policy::rules {

using secrets::InputId;
using secrets::InputKind;

namespace {

// Template placeholders copied into real configuration ("<256-bit-hex-key>", "${KEY}").
std::optional<std::string> PlaceholderKind(std::string_view value) {
  if (value.find("${") != std::string_view::npos) return "a ${...} reference that was never expanded";
  if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
    return "a <...> placeholder";
  }
  for (std::string_view word : {"changeme", "change_me", "change-me", "replaceme", "replace_me"}) {
    if (base::ContainsIgnoreCase(value, word)) return "a 'change me' placeholder";
  }
  for (std::string_view word : {"TODO", "FIXME"}) {
    if (value.find(word) != std::string_view::npos) return "a TODO marker";
  }
  return std::nullopt;
}

// PEM and JSON inputs span lines by nature; only one-line values are checked for
// whitespace.
bool IsMultiLine(InputId id) {
  switch (id) {
    case InputId::kJwtPrivateKey:
    case InputId::kJwtPublicKey:
    case InputId::kJwks:
    case InputId::kDbSslRootCert:
    case InputId::kTlsCert:
    case InputId::kTlsKey:
    case InputId::kTlsCa:
      return true;
    default:
      return false;
  }
}

std::optional<std::string> WhitespaceProblem(std::string_view raw) {
  std::string_view trimmed = base::Trim(raw);
  if (trimmed.find('\n') != std::string_view::npos) {
    return "contains a line break (`openssl rand -base64` wraps at 64 columns; use "
           "`openssl rand -base64 48 | tr -d '\\n'`)";
  }
  if (!raw.empty() && trimmed.size() != raw.size()) {
    if (raw.back() == '\n') {
      return "ends with a newline (`echo` and `kubectl create secret --from-file` keep it; use "
             "`printf '%s'`)";
    }
    return "has leading or trailing whitespace";
  }
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "contains control characters";
  }
  if (!base::IsValidUtf8(raw)) return "is not valid UTF-8";
  return std::nullopt;
}

}  // namespace

void ValueHygiene(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  for (const secrets::InputSpec& spec : secrets::AllInputs()) {
    const secrets::InputValue* input = ctx.Get(spec.id);
    if (input == nullptr) continue;
    if (auto placeholder = PlaceholderKind(base::Trim(input->value))) {
      sink.Report(config.severity(), input->subject,
                  "is " + *placeholder + ", not a real value");
    }
    if (IsMultiLine(spec.id)) continue;
    if (auto problem = WhitespaceProblem(input->value)) {
      sink.Report(config.SeverityParam("whitespace_severity"), input->subject, *problem);
    }
  }
}

}  // namespace atsguard::policy::rules
