#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/analysis_cache.h"
#include "policy/evaluation.h"
#include "policy/finding.h"
#include "policy/template.h"
#include "secrets/inputs.h"
#include "secrets/mountinfo.h"

namespace atsguard::policy {

// What a rule may look at. Borrowed references, valid for one evaluation.
struct RuleContext {
  const secrets::InputSet& inputs;
  const Template& tmpl;
  std::chrono::system_clock::time_point now;
  const std::vector<secrets::SubPathMount>& subpath_mounts;
  AnalysisCache& analyses;
  const std::vector<SecretAge>& ages;

  const secrets::InputValue* Get(secrets::InputId id) const { return inputs.Get(id); }
  // The value with surrounding whitespace removed: rules judge what the value means;
  // ENV-05 alone reports the whitespace itself.
  std::optional<std::string> Trimmed(secrets::InputId id) const;
  const SecretAge* AgeOf(std::string_view secret) const;
};

// Collects the findings of one rule. Rules report; the evaluator decides what blocks.
class FindingSink {
 public:
  FindingSink(std::string rule, std::vector<Finding>* out) : rule_(std::move(rule)), out_(out) {}

  void Report(Severity severity, std::string subject, std::string message);
  // A severity parameter set to "off" arrives as nullopt: nothing is reported.
  void Report(std::optional<Severity> severity, std::string subject, std::string message);

 private:
  std::string rule_;
  std::vector<Finding>* out_;
};

// A setting's value for a message, only when it is one of `known` (so an arbitrary
// string, possibly a secret put in the wrong variable, is never echoed).
std::string DescribeSetting(std::string_view value, std::initializer_list<std::string_view> known);

// Public text (a kid, a curve name) made safe for one line: printable ASCII, at most 64 bytes.
std::string PrintablePublic(std::string_view text);

}  // namespace atsguard::policy
