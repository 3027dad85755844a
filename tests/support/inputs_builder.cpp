#include "support/inputs_builder.h"

#include <doctest/doctest.h>

#include "base/time_format.h"
#include "policy/analysis_cache.h"
#include "policy/evaluator.h"
#include "policy/policy_loader.h"
#include "support/test_pki.h"

namespace atsguard::testing {

using secrets::InputId;
using secrets::InputValue;
using secrets::Origin;

namespace {

InputValue FileValue(InputId id, std::string value) {
  InputValue v;
  v.value = std::move(value);
  v.origin = Origin::kDirectory;
  v.subject = "/secrets/" + std::string(secrets::Spec(id).file_key);
  v.path = v.subject;
  v.mode = 0440;
  return v;
}

}  // namespace

std::chrono::system_clock::time_point TestNow() {
  // The process start: certificates made by test_pki are relative to the real clock.
  static const auto now = std::chrono::system_clock::now();
  return now;
}

InputsBuilder InputsBuilder::Strong(const std::string& environment) {
  const std::string jwt_key = RsaKeyPem(3072);
  const std::string tls_key = RsaKeyPem(2048);
  const std::string ca_key = EcKeyPem();
  InputsBuilder b;
  b.Set(InputId::kJwtSecret, kStrongJwtSecret)
      .Set(InputId::kJwtPrivateKey, jwt_key)
      .Set(InputId::kJwtPublicKey, PublicKeyPem(jwt_key))
      .Set(InputId::kJwks, JwksFor(jwt_key))
      .Set(InputId::kEncryptionKey, kStrongEncryptionKey)
      .Set(InputId::kDbPassword, kStrongDbPassword)
      .Set(InputId::kDbSslRootCert, SelfSignedCertPem(ca_key, {-10, 3650, true, true}))
      .Set(InputId::kTlsCert, SelfSignedCertPem(tls_key, {-1, 90, true, false}))
      .Set(InputId::kTlsKey, tls_key)
      .SetEnv(InputId::kJwtAlgorithm, "RS256")
      .SetEnv(InputId::kJwtExpirySeconds, "900")
      .SetEnv(InputId::kEncryptAtRest, "true")
      .SetEnv(InputId::kEncryptInTransit, "true")
      .SetEnv(InputId::kDbSslMode, "verify-full")
      .SetEnv(InputId::kRateLimitRpm, "60")
      .SetEnv(InputId::kMaxBodySize, "1048576")
      .SetEnv(InputId::kEnvironment, environment)
      .SetEnv(InputId::kLogLevel, "info")
      .SetEnv(InputId::kSecurityAuditEnabled, "true");
  for (InputId id : {InputId::kJwtSecret, InputId::kJwtPrivateKey, InputId::kEncryptionKey,
                     InputId::kDbPassword, InputId::kTlsKey}) {
    b.CreatedDaysAgo(id, 1);
  }
  return b;
}

InputsBuilder& InputsBuilder::Set(InputId id, std::string value) {
  values_[id] = {FileValue(id, std::move(value))};
  return *this;
}

InputsBuilder& InputsBuilder::SetEnv(InputId id, std::string value) {
  InputValue v;
  v.value = std::move(value);
  v.origin = Origin::kEnvValue;
  v.subject = std::string(secrets::Spec(id).env);
  values_[id] = {v};
  return *this;
}

InputsBuilder& InputsBuilder::Also(InputId id, std::string value) {
  InputValue v = FileValue(id, std::move(value));
  v.subject = "/other/" + std::string(secrets::Spec(id).file_key);
  values_[id].push_back(v);
  return *this;
}

InputsBuilder& InputsBuilder::Remove(InputId id) {
  values_.erase(id);
  return *this;
}

InputsBuilder& InputsBuilder::Mode(InputId id, unsigned mode) {
  REQUIRE(values_.contains(id));
  values_[id].front().mode = mode;
  return *this;
}

InputsBuilder& InputsBuilder::CreatedAt(InputId id, std::optional<std::string> rfc3339) {
  REQUIRE(values_.contains(id));
  values_[id].front().created_at = std::move(rfc3339);
  values_[id].front().created_at_subject =
      "/secrets/" + std::string(secrets::Spec(id).file_key) + ".created-at";
  return *this;
}

InputsBuilder& InputsBuilder::CreatedDaysAgo(InputId id, double days) {
  auto when = TestNow() - std::chrono::seconds(static_cast<long long>(days * 86400));
  return CreatedAt(id, base::FormatRfc3339(when));
}

InputsBuilder& InputsBuilder::Generated(InputId id) {
  REQUIRE(values_.contains(id));
  values_[id].front().generated = true;
  generated_ = true;
  return *this;
}

InputsBuilder& InputsBuilder::Problem(InputId id, std::string message) {
  values_.erase(id);
  problems_.push_back({id, "/secrets/" + std::string(secrets::Spec(id).file_key),
                       base::Status(base::StatusCode::kFailedPrecondition, std::move(message))});
  return *this;
}

InputsBuilder& InputsBuilder::SubPath(std::string mount_point) {
  mounts_.push_back({std::move(mount_point), "/..2026_12_01_10_00_00.123/jwt-secret"});
  return *this;
}

secrets::InputSet InputsBuilder::Build() const {
  secrets::InputSet set;
  for (const auto& [id, values] : values_) {
    for (const InputValue& v : values) set.Add(id, v);
  }
  for (const auto& problem : problems_) set.AddProblem(problem);
  if (generated_) set.generated_dirs.push_back("/secrets");
  return set;
}

policy::Evaluation EvaluateWith(const std::string& template_name, const InputsBuilder& builder,
                                bool strict) {
  auto tmpl = policy::LoadBuiltinTemplate(template_name);
  REQUIRE(tmpl.ok());
  policy::EvaluationOptions options;
  options.now = TestNow();
  options.subpath_mounts = builder.mounts();
  options.strict = strict;
  policy::AnalysisCache cache;
  return policy::Evaluate(tmpl.value(), builder.Build(), options, cache);
}

std::vector<policy::Finding> FindingsOf(const policy::Evaluation& evaluation,
                                        const std::string& rule) {
  std::vector<policy::Finding> out;
  for (const policy::Finding& f : evaluation.findings) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

}  // namespace atsguard::testing
