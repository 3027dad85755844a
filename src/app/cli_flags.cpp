#include "app/cli_flags.h"

#include <CLI/CLI.hpp>

#include "policy/policy_loader.h"

namespace atsguard::app {

void AddPolicyFlags(CLI::App& command, PolicyOptions& options) {
  command.add_option("--template", options.template_name, "Built-in security template")
      ->envname("ATS_GUARD_TEMPLATE")
      ->check(CLI::IsMember(policy::BuiltinTemplateNames()))
      ->capture_default_str();
  command.add_option("--policy", options.policy_path,
                     "Policy file (JSON) extending a built-in template; wins over --template")
      ->envname("ATS_GUARD_POLICY");
  command
      .add_option("--secrets-dir", options.secrets_dirs,
                  "Secrets directory: a kubelet secret volume or a plain directory such as "
                  "/run/secrets (repeatable; the variable takes a comma-separated list)")
      ->envname("ATS_GUARD_SECRETS_DIR")
      ->delimiter(',');
  command.add_flag("--strict", options.strict, "Medium findings block too")
      ->envname("ATS_GUARD_STRICT");
  // For tests: where subPath mounts are read from.
  command.add_option("--mountinfo", options.mountinfo_path, "mountinfo file to read")
      ->envname("ATS_GUARD_MOUNTINFO")
      ->group("");
}

void AddCheckFlags(CLI::App& command, CheckOptions& options) {
  AddPolicyFlags(command, options.policy);
  command.add_option("--format", options.format, "Report format")
      ->envname("ATS_GUARD_FORMAT")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  command.add_option("--output", options.output, "Write the report to this file instead of stdout")
      ->envname("ATS_GUARD_OUTPUT");
  command
      .add_option("--termination-log", options.termination_log,
                  "Write the verdict summary here (default: /dev/termination-log when it exists)")
      ->envname("ATS_GUARD_TERMINATION_LOG");
  command
      .add_option("--generate-missing", options.generate_missing,
                  "development only: write missing secrets (OpenSSL RNG) into this directory, "
                  "marked so no other template accepts them")
      ->envname("ATS_GUARD_GENERATE_MISSING");
  command
      .add_option("--audit-log", options.audit_log,
                  "Where JSON audit lines go (stderr when a json/sarif report is on stdout)")
      ->envname("ATS_GUARD_AUDIT_LOG")
      ->check(CLI::IsMember({"stdout", "stderr", "off"}))
      ->capture_default_str();
}

}  // namespace atsguard::app
