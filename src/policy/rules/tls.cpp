#include <cmath>
#include <ctime>

#include "policy/rules/rules.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

std::string Date(std::time_t t) {
  char buf[32];
  struct tm tm {};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

void CheckLeaf(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink,
               const secrets::InputValue& cert, const crypto::CertificateReport& leaf) {
  const std::time_t now = std::chrono::system_clock::to_time_t(ctx.now);
  if (leaf.key_type == crypto::KeyType::kRsa || leaf.key_type == crypto::KeyType::kRsaPss) {
    if (leaf.key_bits < config.Int("min_rsa_bits")) {
      sink.Report(config.severity(), cert.subject,
                  "RSA-" + std::to_string(leaf.key_bits) + " key is below " +
                      std::to_string(config.Int("min_rsa_bits")) + " bits");
    }
  } else if (leaf.key_type == crypto::KeyType::kEc) {
    if (leaf.key_bits < config.Int("min_ec_bits")) {
      sink.Report(config.severity(), cert.subject,
                  "EC key of " + std::to_string(leaf.key_bits) + " bits is below P-" +
                      std::to_string(config.Int("min_ec_bits")));
    }
  }
  if (!leaf.has_subject_alt_names) {
    sink.Report(config.severity(), cert.subject,
                "has no subjectAltName: clients no longer match the host name against the CN "
                "(RFC 6125)");
  }
  if (leaf.not_before > now) {
    sink.Report(config.severity(), cert.subject, "not valid before " + Date(leaf.not_before));
  }
  if (leaf.not_after <= now) {
    sink.Report(config.severity(), cert.subject, "expired on " + Date(leaf.not_after));
    return;
  }
  double days_left = std::difftime(leaf.not_after, now) / 86400.0;
  std::string left = "expires on " + Date(leaf.not_after) + " (in " +
                     std::to_string(static_cast<long long>(std::floor(days_left))) + " days)";
  if (days_left < static_cast<double>(config.Int("expiry_days"))) {
    sink.Report(config.severity(), cert.subject,
                left + ", within " + std::to_string(config.Int("expiry_days")) + " days");
  } else if (days_left < static_cast<double>(config.Int("warning_days"))) {
    sink.Report(config.SeverityParam("warning_severity"), cert.subject,
                left + ", within " + std::to_string(config.Int("warning_days")) + " days");
  }
}

}  // namespace

void TlsCertificate(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* cert = ctx.Get(InputId::kTlsCert);
  const secrets::InputValue* key = ctx.Get(InputId::kTlsKey);
  if (const secrets::InputValue* ca = ctx.Get(InputId::kTlsCa)) {
    const auto& cas = ctx.analyses.Certificates(ca->value);
    if (!cas.ok()) sink.Report(config.severity(), ca->subject, cas.status().message());
  }
  if (cert == nullptr) {
    if (key != nullptr) {
      sink.Report(config.severity(), key->subject, "a TLS key without a certificate (tls.crt)");
    }
    return;  // in-transit TLS not configured here
  }
  const auto& chain = ctx.analyses.Certificates(cert->value);
  if (!chain.ok()) {
    sink.Report(config.severity(), cert->subject, chain.status().message());
    return;
  }
  const crypto::CertificateReport& leaf = chain->front();
  CheckLeaf(ctx, config, sink, *cert, leaf);
  if (key == nullptr) {
    sink.Report(config.severity(), cert->subject, "a TLS certificate without its key (tls.key)");
    return;
  }
  const auto& key_report = ctx.analyses.PrivateKey(key->value);
  if (!key_report.ok()) {
    sink.Report(config.severity(), key->subject, key_report.status().message());
  } else if (key_report->spki_der != leaf.spki_der) {
    sink.Report(config.severity(), key->subject, "does not match the certificate " + cert->subject);
  }
}

}  // namespace atsguard::policy::rules
