#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace atsguard::secrets {

// Every input ats-core reads, under its canonical names (RULES.md, "Inputs").
enum class InputId {
  kJwtSecret,
  kJwtPrivateKey,
  kJwtPublicKey,
  kJwks,
  kEncryptionKey,
  kDbPassword,
  kDbSslRootCert,
  kTlsCert,
  kTlsKey,
  kTlsCa,
  kJwtAlgorithm,
  kJwtExpirySeconds,
  kEncryptAtRest,
  kEncryptInTransit,
  kDbSslMode,
  kRateLimitRpm,
  kMaxBodySize,
  kEnvironment,
  kLogLevel,
  kSecurityAuditEnabled,
};

enum class InputKind {
  kSecret,       // a value that must stay secret: never printed, never hashed in the clear
  kPublic,       // key material that is not secret (certificates, public keys, JWKS)
  kSetting,      // a plain setting ("RS256", "true", "60")
};

struct InputSpec {
  InputId id;
  InputKind kind;
  std::string_view env;       // ATS_JWT_SECRET
  std::string_view file_key;  // jwt-secret
  // The variable holds a path to the content rather than the content itself
  // (ATS_DB_SSL_ROOT_CERT, ATS_TLS_*): it is read like a <NAME>_FILE variable.
  bool env_is_path = false;
};

// The whole catalog, in a stable order (the order reports list inputs in).
std::span<const InputSpec> AllInputs();

const InputSpec& Spec(InputId id);
std::optional<InputId> FindByFileKey(std::string_view file_key);
std::optional<InputId> FindByEnv(std::string_view env_name);

// Suffix of the sibling key holding a key's creation time: "jwt-secret.created-at".
inline constexpr std::string_view kCreatedAtSuffix = ".created-at";

// Marker file written by --generate-missing; secrets beside it are development-only.
inline constexpr std::string_view kGeneratedMarker = ".ats-guard-generated";

}  // namespace atsguard::secrets
