#include "policy/evaluator.h"

#include <algorithm>
#include <tuple>

#include "base/time_format.h"
#include "policy/rule_catalog.h"
#include "policy/rules/context.h"

namespace atsguard::policy {

using secrets::InputId;

namespace {

// Secrets whose age matters (JWT-11, ENC-04, metrics), in report order.
constexpr InputId kAgedSecrets[] = {InputId::kJwtSecret, InputId::kJwtPrivateKey,
                                    InputId::kEncryptionKey, InputId::kDbPassword,
                                    InputId::kTlsKey};

// Age sources in RULES.md order: the <key>.created-at sibling, then (for the TLS key) the
// certificate's notBefore.
std::vector<SecretAge> ComputeAges(const secrets::InputSet& inputs, const EvaluationOptions& options,
                                   AnalysisCache& cache) {
  const std::time_t now = std::chrono::system_clock::to_time_t(options.now);
  std::vector<SecretAge> ages;
  for (InputId id : kAgedSecrets) {
    const secrets::InputValue* input = inputs.Get(id);
    if (input == nullptr) continue;
    SecretAge age{std::string(secrets::Spec(id).file_key), input->subject, std::nullopt, ""};
    if (input->created_at) {
      if (auto created = base::ParseRfc3339(*input->created_at)) {
        age.age_seconds = std::difftime(now, *created);
        age.source = "created-at";
      } else {
        age.source = input->created_at_subject + " is not an RFC 3339 timestamp";
      }
    } else if (const secrets::InputValue* cert = inputs.Get(InputId::kTlsCert);
               id == InputId::kTlsKey && cert != nullptr && cache.Certificates(cert->value).ok()) {
      age.age_seconds = std::difftime(now, cache.Certificates(cert->value)->front().not_before);
      age.source = "certificate notBefore";
    } else {
      age.source = input->origin == secrets::Origin::kEnvValue
                       ? "an env var carries no creation time"
                       : "no " + age.secret + ".created-at";
    }
    ages.push_back(std::move(age));
  }
  return ages;
}

std::vector<CertificateExpiry> ComputeExpiries(const secrets::InputSet& inputs,
                                               AnalysisCache& cache) {
  std::vector<CertificateExpiry> expiries;
  for (InputId id : {InputId::kTlsCert, InputId::kTlsCa, InputId::kDbSslRootCert}) {
    const secrets::InputValue* input = inputs.Get(id);
    if (input == nullptr) continue;
    const auto& certs = cache.Certificates(input->value);
    if (!certs.ok()) continue;
    expiries.push_back({std::string(secrets::Spec(id).file_key), input->subject,
                        certs->front().not_after});
  }
  return expiries;
}

}  // namespace

Evaluation Evaluate(const Template& tmpl, const secrets::InputSet& inputs,
                    const EvaluationOptions& options, AnalysisCache& cache) {
  cache.BeginEvaluation();
  Evaluation result;
  result.template_name = tmpl.name;
  result.block_at = tmpl.block_at;
  result.strict = options.strict;
  result.ages = ComputeAges(inputs, options, cache);
  result.certificates = ComputeExpiries(inputs, cache);
  for (const secrets::InputSpec& spec : secrets::AllInputs()) {
    if (inputs.Get(spec.id) != nullptr) ++result.inputs_present;
  }

  RuleContext context{inputs, tmpl, options.now, options.subpath_mounts, cache, result.ages};
  for (const RuleSpec& spec : AllRules()) {
    const RuleConfig& config = tmpl.Rule(std::string(spec.id));
    RuleOutcome outcome{std::string(spec.id), config.enabled(), config.severity(), true,
                        std::nullopt};
    if (config.enabled()) {
      std::vector<Finding> found;
      FindingSink sink(std::string(spec.id), &found);
      spec.evaluate(context, config, sink);
      for (const Finding& finding : found) {
        outcome.passed = false;
        outcome.worst = std::max(outcome.worst.value_or(finding.severity), finding.severity);
      }
      result.findings.insert(result.findings.end(), found.begin(), found.end());
    }
    result.rules.push_back(std::move(outcome));
  }
  cache.EndEvaluation();

  const Severity threshold =
      options.strict ? std::min(tmpl.block_at, Severity::kMedium) : tmpl.block_at;
  for (Finding& finding : result.findings) finding.blocking = finding.severity >= threshold;
  std::stable_sort(result.findings.begin(), result.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     if (a.severity != b.severity) return a.severity > b.severity;
                     return std::tie(a.rule, a.subject) < std::tie(b.rule, b.subject);
                   });
  return result;
}

}  // namespace atsguard::policy
