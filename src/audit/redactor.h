#pragma once

#include <string>
#include <vector>

namespace atsguard::audit {

// Replaces known secret values in outgoing text with "[REDACTED]". Findings are built
// never to hold values; this is the last line of defence for text we did not write
// (an OpenSSL or errno message, a file name chosen by an attacker). Values shorter than
// kMinLength are not scrubbed: they would mangle ordinary words, and such values are
// reported as weak anyway. Not thread-safe; AuditLog guards its own instance.
class Redactor {
 public:
  static constexpr size_t kMinLength = 8;

  void SetSecrets(std::vector<std::string> secrets);
  std::string Scrub(std::string text) const;

 private:
  std::vector<std::string> secrets_;
};

}  // namespace atsguard::audit
