#include "policy/rule_catalog.h"

#include <array>

#include "policy/rules/rules.h"

namespace atsguard::policy {

namespace {

using P = ParamSpec;
using T = ParamType;

constexpr P kAllowed[] = {{"allowed", T::kStringList}};
constexpr P kRange[] = {{"min", T::kInteger, true}, {"max", T::kInteger, true}};
constexpr P kBoundedRange[] = {{"min", T::kInteger}, {"max", T::kInteger}};
constexpr P kMinLength[] = {{"min_length", T::kInteger}};
constexpr P kJwtEntropy[] = {{"min_entropy_base64", T::kNumber},
                             {"min_entropy_hex", T::kNumber},
                             {"min_bits", T::kInteger},
                             {"low_bits_severity", T::kSeverity}};
constexpr P kBlocklist[] = {{"extra_blocklist", T::kStringList}};
constexpr P kRsaKey[] = {{"min_bits", T::kInteger},
                         {"recommended_bits", T::kInteger},
                         {"below_recommended_severity", T::kSeverity}};
constexpr P kAge[] = {{"max_age_days", T::kInteger}, {"unknown_age_severity", T::kSeverity}};
constexpr P kEncKey[] = {{"hex_length", T::kInteger},
                         {"short_hex_length", T::kInteger},
                         {"short_severity", T::kSeverity}};
constexpr P kEncRandom[] = {{"min_entropy_hex", T::kNumber}, {"min_distinct_bytes", T::kInteger}};
constexpr P kSslModes[] = {{"modes", T::kSeverityMap}};
constexpr P kPassword[] = {{"min_length", T::kInteger}, {"min_bits", T::kInteger}};
constexpr P kPasswordEntropy[] = {{"min_entropy", T::kNumber}, {"extra_blocklist", T::kStringList}};
constexpr P kExpected[] = {{"expected", T::kString}};
constexpr P kForbidden[] = {{"forbidden", T::kStringList}};
constexpr P kRequired[] = {{"required", T::kInputList}, {"accept_generated", T::kBoolean}};
constexpr P kHygiene[] = {{"whitespace_severity", T::kSeverity}};
constexpr P kMaxMode[] = {{"max_mode", T::kOctalMode}};
constexpr P kTls[] = {{"min_rsa_bits", T::kInteger},
                      {"min_ec_bits", T::kInteger},
                      {"expiry_days", T::kInteger},
                      {"warning_days", T::kInteger},
                      {"warning_severity", T::kSeverity}};

constexpr std::span<const P> kNone{};

const std::array<RuleSpec, 32> kRules = {{
    {"JWT-01", "JWT algorithm on the template's allowlist (exact case)", kAllowed, rules::JwtAlgorithmAllowed},
    {"JWT-02", "JWT algorithm is not none, empty or unknown", kNone, rules::JwtAlgorithmKnown},
    {"JWT-03", "JWT key type matches the algorithm (no algorithm confusion)", kNone, rules::JwtKeyMatchesAlgorithm},
    {"JWT-04", "JWT expiry is an integer number of seconds in range", kBoundedRange, rules::JwtExpiry},
    {"JWT-05", "JWT secret length", kMinLength, rules::JwtSecretLength},
    {"JWT-06", "JWT secret entropy and estimated bits (RFC 7518 3.2)", kJwtEntropy, rules::JwtSecretEntropy},
    {"JWT-07", "JWT secret is not a known weak or default value", kBlocklist, rules::JwtSecretBlocklist},
    {"JWT-08", "JWT RSA signing key parses, e = 65537, passes OpenSSL checks, is large enough", kRsaKey, rules::JwtRsaKey},
    {"JWT-09", "JWT public key and JWKS match the private key and are well-formed", kNone, rules::JwtPublicKeys},
    {"JWT-10", "JWT algorithm advice: RS256 is PKCS#1 v1.5; PS256/ES256 preferred", kNone, rules::JwtAlgorithmAdvice},
    {"JWT-11", "JWT key age", kAge, rules::JwtKeyAge},
    {"ENC-01", "Encryption at rest and in transit switched on", kNone, rules::EncryptionEnabled},
    {"ENC-02", "Encryption key is 64 hex characters (AES-256)", kEncKey, rules::EncryptionKeyFormat},
    {"ENC-03", "Encryption key randomness", kEncRandom, rules::EncryptionKeyRandomness},
    {"ENC-04", "Encryption key age", kAge, rules::EncryptionKeyAge},
    {"DB-01", "Database sslmode", kSslModes, rules::DbSslMode},
    {"DB-02", "Database root CA present and readable when the server certificate is verified", kNone, rules::DbRootCa},
    {"DB-03", "Database password strength (length x log2 alphabet)", kPassword, rules::DbPasswordStrength},
    {"DB-04", "Database password entropy; not a common or default password", kPasswordEntropy, rules::DbPasswordCommon},
    {"RL-01", "Rate limit (requests per minute)", kRange, rules::RateLimit},
    {"RL-02", "Maximum request body size", kRange, rules::MaxBodySize},
    {"ENV-01", "ATS_ENVIRONMENT matches the template", kExpected, rules::EnvironmentMatches},
    {"ENV-02", "Log level", kForbidden, rules::LogLevel},
    {"ENV-03", "Security audit logging switched on", kNone, rules::AuditEnabled},
    {"ENV-04", "Required secrets present and readable; generated secrets only in development", kRequired, rules::RequiredSecrets},
    {"ENV-05", "Value hygiene: whitespace, newlines, placeholders", kHygiene, rules::ValueHygiene},
    {"SEC-01", "Secrets differ from each other", kNone, rules::SecretsDistinct},
    {"SEC-02", "A value given twice has the same content", kNone, rules::NoConflictingValues},
    {"K8S-01", "Secrets delivered as files, not env vars (env never rotates)", kNone, rules::NotInEnv},
    {"K8S-02", "Secrets not mounted with subPath (never updated)", kNone, rules::NoSubPath},
    {"K8S-03", "Secret file mode", kMaxMode, rules::FileMode},
    {"TLS-01", "In-transit TLS certificate and key", kTls, rules::TlsCertificate},
}};

}  // namespace

std::string_view ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kInteger: return "an integer";
    case ParamType::kNumber: return "a number";
    case ParamType::kBoolean: return "true or false";
    case ParamType::kString: return "a string";
    case ParamType::kStringList: return "an array of strings";
    case ParamType::kSeverity: return "one of \"critical\", \"high\", \"medium\", \"low\", \"off\"";
    case ParamType::kSeverityMap:
      return "an object mapping values to \"critical\", \"high\", \"medium\", \"low\" or \"pass\"";
    case ParamType::kOctalMode: return "an octal mode string such as \"0440\"";
    case ParamType::kInputList: return "an array of input names such as \"jwt-secret\"";
  }
  return "a value";
}

std::span<const RuleSpec> AllRules() { return kRules; }

const RuleSpec* FindRule(std::string_view id) {
  for (const RuleSpec& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace atsguard::policy
