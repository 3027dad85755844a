#include "sys/environment.h"

#include <unistd.h>

namespace atsguard::sys {

std::optional<std::string> MapEnvironment::Get(std::string_view name) const {
  auto it = vars_.find(std::string(name));
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

namespace {

std::map<std::string, std::string> ReadEnviron() {
  std::map<std::string, std::string> vars;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view pair(*entry);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    vars.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
  }
  return vars;
}

}  // namespace

ProcessEnvironment::ProcessEnvironment() : MapEnvironment(ReadEnviron()) {}

}  // namespace atsguard::sys
