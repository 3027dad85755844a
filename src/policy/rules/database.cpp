#include "base/strings.h"
#include "policy/rules/rules.h"
#include "policy/rules/weak_values.h"
#include "policy/strength.h"

namespace atsguard::policy::rules {

using secrets::InputId;

namespace {

// What each libpq sslmode leaves open (PostgreSQL docs, "SSL Mode Descriptions").
std::string ModeRisk(const std::string& mode) {
  if (mode == "verify-ca") {
    return "verifies the certificate chain but not the host name; use verify-full";
  }
  if (mode == "require") {
    return "encrypts but does not verify the server certificate (MITM possible); use verify-full";
  }
  if (mode == "verify-full") return "verifies chain and host name";
  return "may connect without TLS; use verify-full";
}

std::string SslMode(const RuleContext& ctx) {
  // Unset means libpq's default, "prefer".
  return ctx.Trimmed(InputId::kDbSslMode).value_or("prefer");
}

}  // namespace

void DbSslMode(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* input = ctx.Get(InputId::kDbSslMode);
  std::string subject = input != nullptr ? input->subject : "ATS_DB_SSL_MODE";
  std::string mode = SslMode(ctx);
  bool known = false;
  auto severity = config.SeverityFromMap("modes", mode, &known);
  if (!known) {
    sink.Report(config.severity(), subject,
                "is " +
                    DescribeSetting(mode, {"disable", "allow", "prefer", "require", "verify-ca",
                                           "verify-full", "Require", "REQUIRE"}) +
                    ", not a libpq sslmode");
    return;
  }
  std::string prefix = input == nullptr ? "not set, so libpq uses 'prefer': " : "'" + mode + "' ";
  sink.Report(severity, subject, prefix + ModeRisk(mode));
}

void DbRootCa(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  std::string mode = SslMode(ctx);
  if (mode != "verify-ca" && mode != "verify-full") return;
  const secrets::InputValue* ca = ctx.Get(InputId::kDbSslRootCert);
  if (ca == nullptr) {
    sink.Report(config.severity(), "ATS_DB_SSL_ROOT_CERT",
                mode + " needs the database's root CA (ATS_DB_SSL_ROOT_CERT or db-ca.crt); "
                "none was provided");
    return;
  }
  const auto& certs = ctx.analyses.Certificates(ca->value);
  if (!certs.ok()) sink.Report(config.severity(), ca->subject, certs.status().message());
}

void DbPasswordStrength(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* input = ctx.Get(InputId::kDbPassword);
  if (input == nullptr) return;
  std::string_view value = base::Trim(input->value);
  size_t length = base::CharacterCount(value);
  double bits = static_cast<double>(length) * AlphabetBitsPerChar(value);
  std::vector<std::string> problems;
  if (static_cast<long long>(length) < config.Int("min_length")) {
    problems.push_back(std::to_string(length) + " characters (< " +
                       std::to_string(config.Int("min_length")) + ")");
  }
  if (bits < static_cast<double>(config.Int("min_bits"))) {
    problems.push_back("about " + std::to_string(static_cast<long long>(bits)) +
                       " bits (length x log2 alphabet; < " + std::to_string(config.Int("min_bits")) +
                       ")");
  }
  if (!problems.empty()) {
    sink.Report(config.severity(), input->subject, "too weak: " + base::Join(problems, ", "));
  }
}

void DbPasswordCommon(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const secrets::InputValue* input = ctx.Get(InputId::kDbPassword);
  if (input == nullptr) return;
  std::string_view value = base::Trim(input->value);
  bool normalised = false;
  if (MatchesBlocklist(value, KnownWeakPasswords(), config.Strings("extra_blocklist"),
                       &normalised)) {
    sink.Report(config.severity(), input->subject,
                std::string("is a common or default password") +
                    (normalised ? " (after lowercasing and removing punctuation)" : "") +
                    " (NIST SP 800-63B 5.1.1.2)");
  }
  double entropy = ShannonEntropy(value);
  if (!value.empty() && entropy < config.Number("min_entropy")) {
    sink.Report(config.severity(), input->subject,
                "entropy " + base::OneDecimal(entropy) +
                    " bits per character; the template requires >= " +
                    base::OneDecimal(config.Number("min_entropy")));
  }
}

}  // namespace atsguard::policy::rules
