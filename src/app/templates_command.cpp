#include "app/templates_command.h"

#include <openssl/crypto.h>

#include "base/exit_code.h"
#include "policy/policy_loader.h"

namespace atsguard::app {

using base::ExitCode;

int RunTemplatesList(std::FILE* out) {
  for (const std::string& name : policy::BuiltinTemplateNames()) {
    auto tmpl = policy::LoadBuiltinTemplate(name);
    std::fprintf(out, "%-22s %s\n", name.c_str(),
                 tmpl.ok() ? tmpl->description.c_str() : tmpl.status().message().c_str());
  }
  return ToInt(ExitCode::kPass);
}

int RunTemplatesShow(const std::string& name, std::FILE* out, std::FILE* err) {
  auto tmpl = policy::LoadBuiltinTemplate(name);
  if (!tmpl.ok()) {
    std::fprintf(err, "ats-guard templates: error: %s\n", tmpl.status().message().c_str());
    return ToInt(ExitCode::kUsage);
  }
  std::fprintf(out, "%s\n", tmpl->ToJson().dump(2).c_str());
  return ToInt(ExitCode::kPass);
}

int RunVersion(std::FILE* out) {
  std::fprintf(out, "ats-guard %s (%s)\n", ATSGUARD_VERSION, OpenSSL_version(OPENSSL_VERSION));
  return ToInt(ExitCode::kPass);
}

}  // namespace atsguard::app
