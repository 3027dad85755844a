#include "base/strings.h"
#include "policy/rules/rules.h"
#include "policy/strength.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

void CheckTrue(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink, InputId id) {
  const std::string name(secrets::Spec(id).env);
  const secrets::InputValue* input = ctx.Get(id);
  auto value = ctx.Trimmed(id);
  if (!value) {
    sink.Report(config.severity(), name, "not set: must be exactly 'true'");
  } else if (*value != "true") {
    sink.Report(config.severity(), input->subject,
                "is " + DescribeSetting(*value, {"false", "True", "TRUE", "1", "0", "yes", "no",
                                                 "on", "off", "False", "FALSE"}) +
                    ": must be exactly 'true'");
  }
}

}  // namespace

void EncryptionEnabled(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  CheckTrue(ctx, config, sink, InputId::kEncryptAtRest);
  CheckTrue(ctx, config, sink, InputId::kEncryptInTransit);
}

void EncryptionKeyFormat(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* input = ctx.Get(InputId::kEncryptionKey);
  if (input == nullptr) return;  // ENV-04 reports a missing required key
  std::string_view value = base::Trim(input->value);
  const bool hex = ClassifyCharset(value) == Charset::kHex;
  const auto length = static_cast<long long>(value.size());
  if (hex && length == config.Int("hex_length")) return;
  if (hex && length == config.Int("short_hex_length")) {
    sink.Report(config.SeverityParam("short_severity"), input->subject,
                std::to_string(length) + " hex characters is a " + std::to_string(length * 4) +
                    "-bit key; the template requires " + std::to_string(config.Int("hex_length")) +
                    " (AES-256)");
    return;
  }
  sink.Report(config.severity(), input->subject,
              "is not " + std::to_string(config.Int("hex_length")) +
                  " hex characters (found " + std::to_string(base::CharacterCount(value)) +
                  " characters, " + (hex ? "all hex" : "not hex") +
                  "); generate one with `openssl rand -hex 32`");
}

void EncryptionKeyRandomness(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* input = ctx.Get(InputId::kEncryptionKey);
  if (input == nullptr) return;
  std::string_view value = base::Trim(input->value);
  HexKeyStats stats = AnalyzeHexKey(value);
  if (stats.is_hex) {
    std::vector<std::string> problems;
    double entropy = ShannonEntropy(value);
    if (entropy < config.Number("min_entropy_hex")) {
      problems.push_back("entropy " + base::OneDecimal(entropy) + " bits per hex character (< " +
                         base::OneDecimal(config.Number("min_entropy_hex")) + ")");
    }
    // Scale the distinct-byte bar to the key's length: 24 of 32 bytes for AES-256.
    const auto bytes = static_cast<long long>(value.size() / 2);
    long long min_distinct = config.Int("min_distinct_bytes") * bytes / 32;
    if (stats.distinct_bytes < min_distinct) {
      problems.push_back(std::to_string(stats.distinct_bytes) + " distinct bytes of " +
                         std::to_string(bytes) + " (< " + std::to_string(min_distinct) + ")");
    }
    if (stats.longest_repeat >= 4) {
      problems.push_back("one byte repeated " + std::to_string(stats.longest_repeat) +
                         " times in a row");
    }
    if (stats.longest_sequence >= 4) {
      problems.push_back("a run of " + std::to_string(stats.longest_sequence) +
                         " consecutive byte values");
    }
    if (stats.period > 0) {
      problems.push_back("a " + std::to_string(stats.period) + "-byte pattern repeated");
    }
    if (!problems.empty()) {
      sink.Report(config.severity(), input->subject,
                  "does not look random: " + base::Join(problems, "; "));
    }
  }
  // The key must not double as another secret: one leak would expose both.
  for (InputId other : {InputId::kJwtSecret, InputId::kDbPassword, InputId::kJwtPrivateKey,
                        InputId::kTlsKey}) {
    auto other_value = ctx.Trimmed(other);
    if (other_value && !value.empty() && *other_value == value) {
      sink.Report(config.severity(), input->subject,
                  "is the same value as " + ctx.Get(other)->subject);
    }
  }
}

}  // namespace atsguard::policy::rules
