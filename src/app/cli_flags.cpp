#include "app/cli_flags.h"

#include "app/server_flags.h"

#include <CLI/CLI.hpp>

#include "base/duration.h"
#include "policy/policy_loader.h"

namespace atsguard::app {

void AddPolicyFlags(CLI::App& command, PolicyOptions& options) {
  command.add_option("--template", options.template_name, "Built-in security template")
      ->envname("ATS_GUARD_TEMPLATE")
      ->check(CLI::IsMember(policy::BuiltinTemplateNames()))
      ->capture_default_str();
  command
      .add_option("--policy", options.policy_path,
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

namespace {

CLI::Validator DurationText() {
  return CLI::Validator(
      [](std::string& text) {
        auto parsed = base::ParseDuration(text);
        return parsed.ok() ? std::string() : parsed.status().message();
      },
      "DURATION");
}

}  // namespace

void AddWatchFlags(CLI::App& command, WatchOptions& options) {
  AddPolicyFlags(command, options.policy);
  command
      .add_option("--reload", options.reload,
                  "How to make the application reload: signal, http or none (repeatable; "
                  "default: inferred from --process-name / --webhook-url)")
      ->envname("ATS_GUARD_RELOAD")
      ->delimiter(',')
      ->check(CLI::IsMember({"signal", "http", "none"}));
  command
      .add_option("--process-name", options.process_name,
                  "Process to signal: its comm, exe basename or argv[0] (needs "
                  "shareProcessNamespace: true)")
      ->envname("ATS_GUARD_PROCESS_NAME");
  command.add_option("--signal", options.signal, "Signal to send (HUP, USR1, ...)")
      ->envname("ATS_GUARD_SIGNAL")
      ->capture_default_str();
  command
      .add_option("--webhook-url", options.webhook_urls,
                  "URL to call on reload (repeatable; userinfo is sent as basic auth and "
                  "never logged)")
      ->envname("ATS_GUARD_WEBHOOK_URL")
      ->delimiter(',');
  command.add_option("--webhook-method", options.webhook_method, "HTTP method of the webhook")
      ->envname("ATS_GUARD_WEBHOOK_METHOD")
      ->check(CLI::IsMember({"POST", "PUT", "GET", "PATCH"}))
      ->capture_default_str();
  command.add_option("--webhook-timeout", options.webhook_timeout, "Timeout of one request")
      ->envname("ATS_GUARD_WEBHOOK_TIMEOUT")
      ->check(DurationText())
      ->capture_default_str();
  command
      .add_option("--webhook-success", options.webhook_success,
                  "Status codes that mean success: classes and codes, e.g. 2xx,304")
      ->envname("ATS_GUARD_WEBHOOK_SUCCESS")
      ->capture_default_str();
  command
      .add_option("--debounce", options.debounce,
                  "Quiet period before reading a plain directory (kubelet ..data swaps are "
                  "read at once)")
      ->envname("ATS_GUARD_DEBOUNCE")
      ->check(DurationText())
      ->capture_default_str();
  command
      .add_option("--min-reload-interval", options.min_reload_interval,
                  "Reloads within this interval merge into one more reload at its end")
      ->envname("ATS_GUARD_MIN_RELOAD_INTERVAL")
      ->check(DurationText())
      ->capture_default_str();
  command
      .add_option("--rescan-interval", options.rescan_interval,
                  "Safety rescan by content hash (catches what inotify cannot see)")
      ->envname("ATS_GUARD_RESCAN_INTERVAL")
      ->check(DurationText())
      ->capture_default_str();
  command
      .add_flag("--reload-on-invalid", options.reload_on_invalid,
                "Reload even when the new secrets have blocking findings")
      ->envname("ATS_GUARD_RELOAD_ON_INVALID");
  AddServerFlags(command, options.server);
  command.add_option("--audit-log", options.audit_log, "Where JSON audit lines go")
      ->envname("ATS_GUARD_AUDIT_LOG")
      ->check(CLI::IsMember({"stdout", "stderr", "off"}))
      ->capture_default_str();
}

}  // namespace atsguard::app
