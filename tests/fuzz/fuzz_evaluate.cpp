// Arbitrary values for every input, evaluated against every template and rendered in
// every format. Oracle: a secret value starting with "CANARY" never appears in any
// rendered output, before any redaction (findings are built never to carry values).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "policy/analysis_cache.h"
#include "policy/evaluator.h"
#include "policy/policy_loader.h"
#include "report/report.h"
#include "secrets/catalog.h"
#include "secrets/inputs.h"

using namespace atsguard;

namespace {

// Input format: values separated by NUL, one per catalog input in order. A value that
// is exactly "\x01" means "absent". A leading "\x02" delivers the value as an env var.
secrets::InputSet BuildInputs(const std::string& text, std::vector<std::string>* canaries) {
  secrets::InputSet inputs;
  size_t start = 0;
  for (const secrets::InputSpec& spec : secrets::AllInputs()) {
    if (start > text.size()) break;
    size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    std::string value = text.substr(start, end - start);
    start = end + 1;
    if (value == "\x01") continue;
    secrets::InputValue input;
    input.origin = secrets::Origin::kDirectory;
    input.subject = "/fuzz/" + std::string(spec.file_key);
    input.mode = 0440;
    if (value.starts_with("\x02")) {
      value.erase(0, 1);
      input.origin = secrets::Origin::kEnvValue;
      input.subject = std::string(spec.env);
      input.mode.reset();
    }
    input.value = value;
    if (spec.kind == secrets::InputKind::kSecret && value.starts_with("CANARY") &&
        value.size() >= 10) {
      canaries->push_back(value);
    }
    inputs.Add(spec.id, std::move(input));
  }
  return inputs;
}

void CheckNoCanary(const std::string& text, const std::vector<std::string>& canaries) {
  for (const std::string& canary : canaries) {
    if (text.find(canary) != std::string::npos) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto templates = [] {
    std::vector<policy::Template> all;
    for (const std::string& name : policy::BuiltinTemplateNames()) {
      all.push_back(policy::LoadBuiltinTemplate(name).value());
    }
    return all;
  }();
  static policy::AnalysisCache cache;  // shared like the sidecar's: exercises eviction too
  std::vector<std::string> canaries;
  secrets::InputSet inputs =
      BuildInputs(std::string(reinterpret_cast<const char*>(data), size), &canaries);
  policy::EvaluationOptions options;
  options.now = std::chrono::system_clock::from_time_t(1793527200);
  for (const policy::Template& tmpl : templates) {
    policy::Evaluation evaluation = policy::Evaluate(tmpl, inputs, options, cache);
    report::ReportHeader header{"fuzz", {}};
    CheckNoCanary(report::RenderText(evaluation, header), canaries);
    CheckNoCanary(report::RenderJson(evaluation, header).dump(), canaries);
    CheckNoCanary(report::RenderSarif(evaluation, header).dump(), canaries);
    CheckNoCanary(report::TerminationSummary(evaluation), canaries);
  }
  return 0;
}
