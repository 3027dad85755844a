#include "audit/redactor.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace atsguard::audit {

void Redactor::SetSecrets(std::vector<std::string> secrets) {
  secrets_.clear();
  for (std::string& secret : secrets) {
    // A value with surrounding whitespace is also scrubbed in its trimmed form.
    std::string trimmed(base::Trim(secret));
    if (trimmed.size() < kMinLength) continue;
    // Also its JSON-escaped form: audit lines and JSON reports escape quotes and
    // backslashes, so the raw value would not match there.
    std::string escaped = nlohmann::json(trimmed).dump(-1, ' ', false,
                                                       nlohmann::json::error_handler_t::replace);
    escaped = escaped.substr(1, escaped.size() - 2);
    if (escaped != trimmed) secrets_.push_back(std::move(escaped));
    secrets_.push_back(std::move(trimmed));
  }
  // Longest first, so a secret containing another is replaced whole.
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::Scrub(std::string text) const {
  for (const std::string& secret : secrets_) {
    size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), "[REDACTED]");
      pos += 10;
    }
  }
  return text;
}

}  // namespace atsguard::audit
