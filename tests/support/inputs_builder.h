#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "policy/evaluation.h"
#include "policy/template.h"
#include "secrets/inputs.h"
#include "secrets/mountinfo.h"

namespace atsguard::testing {

// Fixed strong values (made once with `openssl rand`): fixed so rule tests never flake.
inline constexpr const char* kStrongJwtSecret =
    "iooa385KiaPfQqXUFF+La9WQT5vcN9vLXzzHpCjcx4jwiKgVTY/y7K7PM/w5x0A/EbMb5MEPemgjOTXNbZjOWA==";
inline constexpr const char* kStrongEncryptionKey =
    "20955f1c4fac156a923b3efc187a5832641e2dcd0397f3a245c01fa8da9e7154";
inline constexpr const char* kStrongDbPassword = "GgaeFfOYtzEOzUM9ixBNCcshtgnAXKz6";

// Builds an InputSet directly (no files, no env) for rule tests. Values are delivered as
// files in /secrets with mode 0440 unless said otherwise.
class InputsBuilder {
 public:
  // A complete set that passes every rule of the template whose ATS_ENVIRONMENT is
  // `environment` ("production", "staging", "development").
  static InputsBuilder Strong(const std::string& environment);

  InputsBuilder& Set(secrets::InputId id, std::string value);
  InputsBuilder& SetEnv(secrets::InputId id, std::string value);  // as ATS_* env value
  InputsBuilder& Also(secrets::InputId id, std::string value);    // a second delivery (file)
  InputsBuilder& Remove(secrets::InputId id);
  InputsBuilder& Mode(secrets::InputId id, unsigned mode);
  InputsBuilder& CreatedAt(secrets::InputId id, std::optional<std::string> rfc3339);
  InputsBuilder& CreatedDaysAgo(secrets::InputId id, double days);
  InputsBuilder& Generated(secrets::InputId id);
  InputsBuilder& Problem(secrets::InputId id, std::string message);
  InputsBuilder& SubPath(std::string mount_point);

  secrets::InputSet Build() const;
  const std::vector<secrets::SubPathMount>& mounts() const { return mounts_; }

 private:
  std::map<secrets::InputId, std::vector<secrets::InputValue>> values_;
  std::vector<secrets::InputProblem> problems_;
  std::vector<secrets::SubPathMount> mounts_;
  bool generated_ = false;
};

// The "now" of rule tests: fixed for the whole test run.
std::chrono::system_clock::time_point TestNow();

// Evaluates `builder` against built-in template `name` at TestNow().
policy::Evaluation EvaluateWith(const std::string& template_name, const InputsBuilder& builder,
                                bool strict = false);

// Findings of one rule.
std::vector<policy::Finding> FindingsOf(const policy::Evaluation& evaluation,
                                        const std::string& rule);

}  // namespace atsguard::testing
