#include <set>

#include "policy/rules/rules.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

bool IsRsa(crypto::KeyType type) {
  return type == crypto::KeyType::kRsa || type == crypto::KeyType::kRsaPss;
}

// The SPKI of the private key when it parses, else "".
std::string PrivateSpki(const RuleContext& ctx) {
  const secrets::InputValue* key = ctx.Get(InputId::kJwtPrivateKey);
  if (key == nullptr) return {};
  const auto& report = ctx.analyses.PrivateKey(key->value);
  return report.ok() ? report->spki_der : std::string();
}

void CheckJwks(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink,
               const secrets::InputValue& jwks, const std::string& private_spki) {
  const auto& keys = ctx.analyses.Jwks(jwks.value);
  if (!keys.ok()) {
    sink.Report(config.severity(), jwks.subject, keys.status().message());
    return;
  }
  auto algorithm = ctx.Trimmed(InputId::kJwtAlgorithm).value_or("RS256");
  if (!algorithm.starts_with("RS") && !algorithm.starts_with("PS")) algorithm = "RS256";
  std::set<std::string> kids;
  bool matched = false;
  int index = 0;
  for (const crypto::JwkReport& key : keys.value()) {
    std::string name = key.kid.empty() ? "key #" + std::to_string(index)
                                       : "key kid=" + PrintablePublic(key.kid);
    ++index;
    std::vector<std::string> problems;
    if (key.has_private_members) {
      problems.push_back("holds private key members (d, p, q, ...): a JWKS must be public");
    }
    if (key.kty != "RSA") problems.push_back("kty is not RSA");
    if (key.use != "sig") problems.push_back("use is not \"sig\"");
    if (key.alg != algorithm) problems.push_back("alg is not \"" + algorithm + "\"");
    if (key.kid.empty()) problems.push_back("has no kid");
    else if (!kids.insert(key.kid).second) problems.push_back("repeats a kid");
    if (!key.error.empty()) problems.push_back(key.error);
    for (const std::string& problem : problems) {
      sink.Report(config.severity(), jwks.subject, name + " " + problem);
    }
    matched = matched || (!private_spki.empty() && key.spki_der == private_spki);
  }
  if (keys->empty()) sink.Report(config.severity(), jwks.subject, "the JWK Set has no keys");
  if (!private_spki.empty() && !matched) {
    sink.Report(config.severity(), jwks.subject,
                "no key matches the signing private key: tokens would not verify");
  }
}

}  // namespace

void JwtRsaKey(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* key = ctx.Get(InputId::kJwtPrivateKey);
  if (key == nullptr) return;
  const auto& report = ctx.analyses.PrivateKey(key->value);
  if (!report.ok()) {
    sink.Report(config.severity(), key->subject, report.status().message());
    return;
  }
  if (!IsRsa(report->type)) return;  // JWT-03 reports a key of the wrong type
  const int bits = report->bits;
  const std::string size = "RSA-" + std::to_string(bits);
  if (bits < config.Int("min_bits")) {
    sink.Report(config.severity(), key->subject,
                size + " is below the " + std::to_string(config.Int("min_bits")) +
                    "-bit minimum (NIST SP 800-57: RSA-2048 gives 112-bit security)");
  } else if (bits < config.Int("recommended_bits")) {
    sink.Report(config.SeverityParam("below_recommended_severity"), key->subject,
                size + " gives 112-bit security, acceptable only through 2030; " +
                    std::to_string(config.Int("recommended_bits")) +
                    " bits or more recommended (NIST SP 800-57 table 2)");
  }
  if (!report->exponent_is_65537) {
    sink.Report(config.severity(), key->subject, "public exponent is not 65537");
  }
  if (!report->checks_run) {
    sink.Report(Severity::kLow, key->subject,
                size + " is larger than " + std::to_string(crypto::kMaxCheckedKeyBits) +
                    " bits: consistency checks skipped to keep the check bounded");
    return;
  }
  if (!report->private_check_ok || !report->pairwise_check_ok) {
    sink.Report(config.severity(), key->subject,
                "fails OpenSSL's key consistency checks (" + report->check_error + ")");
  }
}

void JwtPublicKeys(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const std::string private_spki = PrivateSpki(ctx);
  if (const secrets::InputValue* pub = ctx.Get(InputId::kJwtPublicKey)) {
    const auto& report = ctx.analyses.PublicKey(pub->value);
    if (!report.ok()) {
      sink.Report(config.severity(), pub->subject, report.status().message());
    } else if (!private_spki.empty() && report->spki_der != private_spki) {
      sink.Report(config.severity(), pub->subject,
                  "does not match the signing private key: tokens would not verify");
    }
  }
  if (const secrets::InputValue* jwks = ctx.Get(InputId::kJwks)) {
    CheckJwks(ctx, config, sink, *jwks, private_spki);
  }
}

}  // namespace atsguard::policy::rules
