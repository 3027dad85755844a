#include <algorithm>
#include <array>

#include "base/strings.h"
#include "policy/rules/rules.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

// The JWA "alg" values of RFC 7518 section 3.1 (plus EdDSA, RFC 8037).
constexpr std::array<std::string_view, 14> kJwaAlgorithms = {
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256",
    "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K", "EdDSA"};

// The JWA spelling of `value` when it names an algorithm in any letter case.
std::optional<std::string_view> CanonicalAlgorithm(std::string_view value) {
  for (std::string_view alg : kJwaAlgorithms) {
    if (base::ToLower(alg) == base::ToLower(value)) return alg;
  }
  return std::nullopt;
}

std::string AlgorithmSubject(const RuleContext& ctx) {
  const secrets::InputValue* alg = ctx.Get(InputId::kJwtAlgorithm);
  return alg != nullptr ? alg->subject : "ATS_JWT_ALGORITHM";
}

// A PEM block or a JWK inside an HMAC secret means a verifier could be tricked into
// using public key material as the HMAC key (RFC 8725 section 2.1, "algorithm confusion").
bool LooksLikeKeyMaterial(std::string_view secret) {
  if (secret.find("-----BEGIN") != std::string_view::npos) return true;
  auto doc = nlohmann::json::parse(secret, nullptr, /*allow_exceptions=*/false);
  return doc.is_object() && doc.contains("kty");
}

}  // namespace

void JwtAlgorithmAllowed(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  auto value = ctx.Trimmed(InputId::kJwtAlgorithm);
  if (!value) return;  // JWT-02 reports a missing algorithm
  auto canonical = CanonicalAlgorithm(*value);
  if (!canonical) return;  // JWT-02 reports an unknown one
  std::vector<std::string> allowed = config.Strings("allowed");
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return;
  std::string list = base::Join(allowed, ", ");
  if (*canonical != *value &&
      std::find(allowed.begin(), allowed.end(), *canonical) != allowed.end()) {
    sink.Report(config.severity(), AlgorithmSubject(ctx),
                "algorithm must be written exactly '" + std::string(*canonical) +
                    "' (JWT libraries compare \"alg\" case-sensitively)");
    return;
  }
  sink.Report(config.severity(), AlgorithmSubject(ctx),
              "algorithm " + std::string(*canonical) + " is not allowed by template " +
                  ctx.tmpl.name + " (allowed: " + list + ")");
}

void JwtAlgorithmKnown(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  auto value = ctx.Trimmed(InputId::kJwtAlgorithm);
  if (!value) {
    sink.Report(config.severity(), AlgorithmSubject(ctx),
                "not set: the signing algorithm must be named explicitly (RFC 8725 3.1)");
  } else if (value->empty()) {
    sink.Report(config.severity(), AlgorithmSubject(ctx), "empty: no signing algorithm");
  } else if (base::ToLower(*value) == "none") {
    sink.Report(config.severity(), AlgorithmSubject(ctx),
                "'none' accepts unsigned tokens (RFC 8725 3.1)");
  } else if (!CanonicalAlgorithm(*value)) {
    sink.Report(config.severity(), AlgorithmSubject(ctx),
                "not a JWA algorithm (" + std::to_string(base::CharacterCount(*value)) +
                    " characters; expected a name such as RS256)");
  }
}

void JwtKeyMatchesAlgorithm(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  if (const secrets::InputValue* secret = ctx.Get(InputId::kJwtSecret);
      secret != nullptr && LooksLikeKeyMaterial(secret->value)) {
    sink.Report(config.severity(), secret->subject,
                "the HMAC secret holds a PEM or JWK key: a verifier could accept tokens signed "
                "with public key material (algorithm confusion, RFC 8725 2.1)");
  }
  auto value = ctx.Trimmed(InputId::kJwtAlgorithm);
  auto alg = value ? CanonicalAlgorithm(*value) : std::nullopt;
  if (!alg) return;
  if (alg->starts_with("HS")) {
    if (ctx.Get(InputId::kJwtSecret) == nullptr) {
      sink.Report(config.severity(), AlgorithmSubject(ctx),
                  std::string(*alg) + " needs an HMAC secret (ATS_JWT_SECRET or jwt-secret); "
                  "none was provided");
    }
    return;
  }
  const bool rsa = alg->starts_with("RS") || alg->starts_with("PS");
  const bool ec = alg->starts_with("ES");
  if (!rsa && !ec) return;
  const char* wanted = rsa ? "an RSA" : "an EC";
  const secrets::InputValue* key = ctx.Get(InputId::kJwtPrivateKey);
  if (key == nullptr) {
    sink.Report(config.severity(), AlgorithmSubject(ctx),
                std::string(*alg) + " needs " + wanted +
                    " private key (ATS_JWT_PRIVATE_KEY or jwt-private-key.pem); none was provided");
    return;
  }
  const auto& report = ctx.analyses.PrivateKey(key->value);
  if (!report.ok()) return;  // JWT-08 reports a key that does not parse
  bool matches = rsa ? (report->type == crypto::KeyType::kRsa ||
                        report->type == crypto::KeyType::kRsaPss)
                     : report->type == crypto::KeyType::kEc;
  if (!matches) {
    sink.Report(config.severity(), key->subject,
                std::string(*alg) + " needs " + wanted + " key; this is " +
                    crypto::KeyTypeName(report->type) + " key material");
  }
}

void JwtExpiry(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* input = ctx.Get(InputId::kJwtExpirySeconds);
  std::string subject = input != nullptr ? input->subject : "ATS_JWT_EXPIRY_SECONDS";
  std::string range = std::to_string(config.Int("min")) + ".." + std::to_string(config.Int("max"));
  auto value = ctx.Trimmed(InputId::kJwtExpirySeconds);
  long long seconds = 0;
  if (!value) {
    sink.Report(config.severity(), subject,
                "not set: token lifetime must be explicit (template allows " + range + " seconds)");
  } else if (!base::ParseInt64(*value, &seconds)) {
    sink.Report(config.severity(), subject,
                "not an integer number of seconds (template allows " + range + ")");
  } else if (seconds < config.Int("min") || seconds > config.Int("max")) {
    sink.Report(config.severity(), subject,
                std::to_string(seconds) + " seconds is outside the template's " + range);
  }
}

void JwtAlgorithmAdvice(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  auto value = ctx.Trimmed(InputId::kJwtAlgorithm);
  if (!value || !value->starts_with("RS") || !CanonicalAlgorithm(*value)) return;
  sink.Report(config.severity(), AlgorithmSubject(ctx),
              *value + " signs with RSASSA-PKCS1-v1_5; PS256 (RSASSA-PSS) or ES256 are preferred "
              "for new deployments (RFC 8725 3.2)");
}

}  // namespace atsguard::policy::rules
