#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace atsguard::sys {

// Read-only view of environment variables. The one seam through which the code reads
// the environment, so tests inject variables without touching the process's own.
// Implementations are immutable after construction and safe to share between threads.
class Environment {
 public:
  virtual ~Environment() = default;

  // The value of `name`, or nullopt when it is not set (set-but-empty returns "").
  virtual std::optional<std::string> Get(std::string_view name) const = 0;

  // Every variable, sorted by name.
  virtual const std::map<std::string, std::string>& All() const = 0;
};

// A fixed set of variables: used by tests, fuzzers and the built-in demo.
class MapEnvironment : public Environment {
 public:
  explicit MapEnvironment(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}

  std::optional<std::string> Get(std::string_view name) const override;
  const std::map<std::string, std::string>& All() const override { return vars_; }

 private:
  std::map<std::string, std::string> vars_;
};

// A snapshot of this process's environ taken at construction.
class ProcessEnvironment : public MapEnvironment {
 public:
  ProcessEnvironment();
};

}  // namespace atsguard::sys
