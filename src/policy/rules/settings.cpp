#include "base/strings.h"
#include "policy/rules/rules.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

std::string SubjectOf(const RuleContext& ctx, InputId id) {
  const secrets::InputValue* input = ctx.Get(id);
  return input != nullptr ? input->subject : std::string(secrets::Spec(id).env);
}

// Checks an integer setting against the rule's "min" and "max" (either may be null).
void CheckIntegerRange(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink,
                       InputId id, const std::string& unit, const std::string& why_missing) {
  const std::string subject = SubjectOf(ctx, id);
  auto value = ctx.Trimmed(id);
  long long number = 0;
  if (!value) {
    sink.Report(config.severity(), subject, "not set: " + why_missing);
    return;
  }
  if (!base::ParseInt64(*value, &number)) {
    sink.Report(config.severity(), subject, "not an integer (" + unit + ")");
    return;
  }
  if (config.Has("min") && number < config.Int("min")) {
    sink.Report(config.severity(), subject,
                std::to_string(number) + " " + unit + " is below the template's minimum of " +
                    std::to_string(config.Int("min")));
  } else if (config.Has("max") && number > config.Int("max")) {
    sink.Report(config.severity(), subject,
                std::to_string(number) + " " + unit + " exceeds the template's maximum of " +
                    std::to_string(config.Int("max")));
  }
}

}  // namespace

void RateLimit(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  CheckIntegerRange(ctx, config, sink, InputId::kRateLimitRpm, "requests per minute",
                    "rate limiting must be switched on");
}

void MaxBodySize(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  CheckIntegerRange(ctx, config, sink, InputId::kMaxBodySize, "bytes",
                    "request bodies must be bounded");
}

void EnvironmentMatches(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const std::string expected = config.String("expected");
  auto value = ctx.Trimmed(InputId::kEnvironment);
  if (!value) {
    sink.Report(config.severity(), "ATS_ENVIRONMENT",
                "not set: template " + ctx.tmpl.name + " expects '" + expected + "'");
  } else if (*value != expected) {
    sink.Report(config.severity(), SubjectOf(ctx, InputId::kEnvironment),
                "is " +
                    DescribeSetting(*value, {"production", "staging", "development", "dev",
                                             "prod", "test", "local", "qa"}) +
                    " but template " + ctx.tmpl.name + " expects '" + expected +
                    "': a configuration for another environment");
  }
}

void LogLevel(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  auto value = ctx.Trimmed(InputId::kLogLevel);
  if (!value) return;  // unset means ats-core's default level
  std::string level = base::ToLower(*value);
  for (const std::string& forbidden : config.Strings("forbidden")) {
    if (level == base::ToLower(forbidden)) {
      sink.Report(config.severity(), SubjectOf(ctx, InputId::kLogLevel),
                  "'" + forbidden + "' logging in " + ctx.tmpl.name +
                      " can write tokens and request bodies to the logs");
    }
  }
}

void AuditEnabled(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  auto value = ctx.Trimmed(InputId::kSecurityAuditEnabled);
  if (!value) {
    sink.Report(config.severity(), "ATS_SECURITY_AUDIT_ENABLED",
                "not set: security audit logging must be 'true'");
  } else if (*value != "true") {
    sink.Report(config.severity(), SubjectOf(ctx, InputId::kSecurityAuditEnabled),
                "is " + DescribeSetting(*value, {"false", "0", "no", "off", "True", "TRUE"}) +
                    ": security audit logging must be 'true'");
  }
}

}  // namespace atsguard::policy::rules
