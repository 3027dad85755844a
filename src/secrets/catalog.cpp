#include "secrets/catalog.h"

#include <array>
#include <cstdlib>

namespace atsguard::secrets {

namespace {

constexpr std::array<InputSpec, 20> kInputs = {{
    {InputId::kJwtSecret, InputKind::kSecret, "ATS_JWT_SECRET", "jwt-secret"},
    {InputId::kJwtPrivateKey, InputKind::kSecret, "ATS_JWT_PRIVATE_KEY", "jwt-private-key.pem"},
    {InputId::kJwtPublicKey, InputKind::kPublic, "ATS_JWT_PUBLIC_KEY", "jwt-public-key.pem"},
    {InputId::kJwks, InputKind::kPublic, "ATS_JWT_JWKS", "jwks.json"},
    {InputId::kEncryptionKey, InputKind::kSecret, "ATS_ENCRYPTION_KEY", "encryption-key"},
    {InputId::kDbPassword, InputKind::kSecret, "ATS_DB_PASSWORD", "db-password"},
    {InputId::kDbSslRootCert, InputKind::kPublic, "ATS_DB_SSL_ROOT_CERT", "db-ca.crt", true},
    {InputId::kTlsCert, InputKind::kPublic, "ATS_TLS_CERT", "tls.crt", true},
    {InputId::kTlsKey, InputKind::kSecret, "ATS_TLS_KEY", "tls.key", true},
    {InputId::kTlsCa, InputKind::kPublic, "ATS_TLS_CA", "ca.crt", true},
    {InputId::kJwtAlgorithm, InputKind::kSetting, "ATS_JWT_ALGORITHM", "jwt-algorithm"},
    {InputId::kJwtExpirySeconds, InputKind::kSetting, "ATS_JWT_EXPIRY_SECONDS",
     "jwt-expiry-seconds"},
    {InputId::kEncryptAtRest, InputKind::kSetting, "ATS_ENCRYPT_AT_REST", "encrypt-at-rest"},
    {InputId::kEncryptInTransit, InputKind::kSetting, "ATS_ENCRYPT_IN_TRANSIT",
     "encrypt-in-transit"},
    {InputId::kDbSslMode, InputKind::kSetting, "ATS_DB_SSL_MODE", "db-ssl-mode"},
    {InputId::kRateLimitRpm, InputKind::kSetting, "ATS_RATE_LIMIT_RPM", "rate-limit-rpm"},
    {InputId::kMaxBodySize, InputKind::kSetting, "ATS_MAX_BODY_SIZE", "max-body-size"},
    {InputId::kEnvironment, InputKind::kSetting, "ATS_ENVIRONMENT", "environment"},
    {InputId::kLogLevel, InputKind::kSetting, "ATS_LOG_LEVEL", "log-level"},
    {InputId::kSecurityAuditEnabled, InputKind::kSetting, "ATS_SECURITY_AUDIT_ENABLED",
     "security-audit-enabled"},
}};

}  // namespace

std::span<const InputSpec> AllInputs() { return kInputs; }

const InputSpec& Spec(InputId id) {
  for (const InputSpec& spec : kInputs) {
    if (spec.id == id) return spec;
  }
  std::abort();  // every InputId is in the table; reaching here is our bug
}

std::optional<InputId> FindByFileKey(std::string_view file_key) {
  for (const InputSpec& spec : kInputs) {
    if (spec.file_key == file_key) return spec.id;
  }
  return std::nullopt;
}

std::optional<InputId> FindByEnv(std::string_view env_name) {
  for (const InputSpec& spec : kInputs) {
    if (spec.env == env_name) return spec.id;
  }
  return std::nullopt;
}

}  // namespace atsguard::secrets
