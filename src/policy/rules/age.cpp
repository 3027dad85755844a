#include <cmath>

#include "policy/rules/rules.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

constexpr double kSecondsPerDay = 86400.0;

void CheckAge(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink,
              InputId id) {
  const secrets::InputValue* input = ctx.Get(id);
  if (input == nullptr) return;
  const std::string key(secrets::Spec(id).file_key);
  const SecretAge* age = ctx.AgeOf(key);
  if (age == nullptr || !age->age_seconds) {
    sink.Report(config.SeverityParam("unknown_age_severity"), input->subject,
                "age unknown (" + (age != nullptr ? age->source : std::string("no record")) +
                    "); add " + key + ".created-at (RFC 3339) beside it to track rotation");
    return;
  }
  double days = *age->age_seconds / kSecondsPerDay;
  long long max_days = config.Int("max_age_days");
  if (days > static_cast<double>(max_days)) {
    sink.Report(config.severity(), input->subject,
                std::to_string(static_cast<long long>(std::floor(days))) +
                    " days old (from " + age->source + "); template " + ctx.tmpl.name +
                    " requires rotation within " + std::to_string(max_days) + " days");
  }
}

}  // namespace

void JwtKeyAge(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  CheckAge(ctx, config, sink, InputId::kJwtPrivateKey);
  CheckAge(ctx, config, sink, InputId::kJwtSecret);
}

void EncryptionKeyAge(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  CheckAge(ctx, config, sink, InputId::kEncryptionKey);
}

}  // namespace atsguard::policy::rules
