#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace atsguard::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
  bool timed_out = false;
};

// argv and envp for execvpe, owning their strings: exactly `env`, plus PATH when absent.
struct ExecVectors {
  ExecVectors(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ExecVectors(const ExecVectors&) = delete;
  ExecVectors& operator=(const ExecVectors&) = delete;

  std::vector<std::string> args;
  std::vector<std::string> env_strings;
  std::vector<char*> argp;  // null-terminated, pointing into `args`
  std::vector<char*> envp;  // null-terminated, pointing into `env_strings`
};

// Runs `argv` with exactly `env` (plus PATH) as its environment, feeding `input` on stdin,
// and kills it after `timeout`. stdout and stderr are captured separately.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(30),
                         const std::string& input = "");

// Runs the ats-guard binary under test with `args`.
ProcessResult RunGuard(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {},
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace atsguard::testing
