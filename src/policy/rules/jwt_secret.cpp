#include "base/strings.h"
#include "policy/rules/rules.h"
#include "policy/rules/weak_values.h"
#include "policy/strength.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

// RFC 7518 3.2: an HMAC key must be at least as long as the hash output.
long long HashBitsFor(std::string_view algorithm) {
  if (algorithm == "HS384") return 384;
  if (algorithm == "HS512") return 512;
  return 256;
}

}  // namespace

void JwtSecretLength(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* secret = ctx.Get(InputId::kJwtSecret);
  if (secret == nullptr) return;  // ENV-04 reports a missing required secret
  size_t length = base::CharacterCount(base::Trim(secret->value));
  auto min = static_cast<size_t>(config.Int("min_length"));
  if (length < min) {
    sink.Report(config.severity(), secret->subject,
                std::to_string(length) + " characters; template " + ctx.tmpl.name +
                    " requires at least " + std::to_string(min));
  }
}

void JwtSecretEntropy(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* secret = ctx.Get(InputId::kJwtSecret);
  if (secret == nullptr) return;
  std::string_view value = base::Trim(secret->value);
  if (value.empty()) return;  // JWT-05 and ENV-04 report it
  Charset charset = ClassifyCharset(value);
  double required = charset == Charset::kHex ? config.Number("min_entropy_hex")
                                             : config.Number("min_entropy_base64");
  double entropy = ShannonEntropy(value);
  if (entropy < required) {
    sink.Report(config.severity(), secret->subject,
                "entropy " + base::OneDecimal(entropy) + " bits per character (" +
                    std::string(CharsetName(charset)) + " alphabet); the template requires >= " +
                    base::OneDecimal(required));
  }
  auto algorithm = ctx.Trimmed(InputId::kJwtAlgorithm).value_or("HS256");
  long long min_bits = std::max(config.Int("min_bits"), HashBitsFor(algorithm));
  size_t length = base::CharacterCount(value);
  double bits = static_cast<double>(length) * entropy;
  if (bits < static_cast<double>(min_bits)) {
    sink.Report(config.SeverityParam("low_bits_severity"), secret->subject,
                "estimated " + std::to_string(static_cast<long long>(bits)) + " bits (" +
                    std::to_string(length) + " characters x " + base::OneDecimal(entropy) +
                    " bits); an HMAC key needs >= " + std::to_string(min_bits) +
                    " bits (RFC 7518 3.2)");
  }
}

void JwtSecretBlocklist(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* secret = ctx.Get(InputId::kJwtSecret);
  if (secret == nullptr) return;
  bool normalised = false;
  if (MatchesBlocklist(base::Trim(secret->value), KnownWeakJwtSecrets(),
                       config.Strings("extra_blocklist"), &normalised)) {
    sink.Report(config.severity(), secret->subject,
                std::string("is a published default or weak value") +
                    (normalised ? " (after lowercasing and removing punctuation)" : "") +
                    ": anyone can forge tokens");
  }
}

}  // namespace atsguard::policy::rules
