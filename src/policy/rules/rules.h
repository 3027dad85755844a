#pragma once

#include "policy/rules/context.h"

// The rule functions of RULES.md, one per rule id; rule_catalog.cpp maps ids to them.
// Each reads its thresholds from `config` and reports through `sink`; none does I/O.
namespace atsguard::policy::rules {

// jwt.cpp
void JwtAlgorithmAllowed(const RuleContext&, const RuleConfig&, FindingSink&);     // JWT-01
void JwtAlgorithmKnown(const RuleContext&, const RuleConfig&, FindingSink&);       // JWT-02
void JwtKeyMatchesAlgorithm(const RuleContext&, const RuleConfig&, FindingSink&);  // JWT-03
void JwtExpiry(const RuleContext&, const RuleConfig&, FindingSink&);               // JWT-04
void JwtAlgorithmAdvice(const RuleContext&, const RuleConfig&, FindingSink&);      // JWT-10
// jwt_secret.cpp
void JwtSecretLength(const RuleContext&, const RuleConfig&, FindingSink&);     // JWT-05
void JwtSecretEntropy(const RuleContext&, const RuleConfig&, FindingSink&);    // JWT-06
void JwtSecretBlocklist(const RuleContext&, const RuleConfig&, FindingSink&);  // JWT-07
// jwt_keys.cpp
void JwtRsaKey(const RuleContext&, const RuleConfig&, FindingSink&);      // JWT-08
void JwtPublicKeys(const RuleContext&, const RuleConfig&, FindingSink&);  // JWT-09
// age.cpp
void JwtKeyAge(const RuleContext&, const RuleConfig&, FindingSink&);         // JWT-11
void EncryptionKeyAge(const RuleContext&, const RuleConfig&, FindingSink&);  // ENC-04
// encryption.cpp
void EncryptionEnabled(const RuleContext&, const RuleConfig&, FindingSink&);        // ENC-01
void EncryptionKeyFormat(const RuleContext&, const RuleConfig&, FindingSink&);      // ENC-02
void EncryptionKeyRandomness(const RuleContext&, const RuleConfig&, FindingSink&);  // ENC-03
// database.cpp
void DbSslMode(const RuleContext&, const RuleConfig&, FindingSink&);           // DB-01
void DbRootCa(const RuleContext&, const RuleConfig&, FindingSink&);            // DB-02
void DbPasswordStrength(const RuleContext&, const RuleConfig&, FindingSink&);  // DB-03
void DbPasswordCommon(const RuleContext&, const RuleConfig&, FindingSink&);    // DB-04
// settings.cpp
void RateLimit(const RuleContext&, const RuleConfig&, FindingSink&);           // RL-01
void MaxBodySize(const RuleContext&, const RuleConfig&, FindingSink&);         // RL-02
void EnvironmentMatches(const RuleContext&, const RuleConfig&, FindingSink&);  // ENV-01
void LogLevel(const RuleContext&, const RuleConfig&, FindingSink&);            // ENV-02
void AuditEnabled(const RuleContext&, const RuleConfig&, FindingSink&);        // ENV-03
// presence.cpp
void RequiredSecrets(const RuleContext&, const RuleConfig&, FindingSink&);      // ENV-04
void SecretsDistinct(const RuleContext&, const RuleConfig&, FindingSink&);      // SEC-01
void NoConflictingValues(const RuleContext&, const RuleConfig&, FindingSink&);  // SEC-02
// hygiene.cpp
void ValueHygiene(const RuleContext&, const RuleConfig&, FindingSink&);  // ENV-05
// kubernetes.cpp
void NotInEnv(const RuleContext&, const RuleConfig&, FindingSink&);   // K8S-01
void NoSubPath(const RuleContext&, const RuleConfig&, FindingSink&);  // K8S-02
void FileMode(const RuleContext&, const RuleConfig&, FindingSink&);   // K8S-03
// tls.cpp
void TlsCertificate(const RuleContext&, const RuleConfig&, FindingSink&);  // TLS-01

}  // namespace atsguard::policy::rules
