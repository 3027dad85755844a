// ats-guard: enforces ats-core's security templates on the secrets of its pod.
// Wiring only: parse the command line, run the chosen mode, return its exit code.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <optional>

#include "app/check.h"
#include "app/cli_flags.h"
#include "app/generate.h"
#include "app/templates_command.h"
#include "app/watch.h"
#include "base/exit_code.h"
#include "sys/clock.h"
#include "sys/environment.h"
#include "sys/file_system.h"

namespace {

using atsguard::base::ExitCode;

int Run(int argc, char** argv) {
  CLI::App app{
      "ats-guard: validates ats-core's secrets against its security templates (init container: "
      "check) and re-validates them on rotation (sidecar: watch).\n"
      "Exit codes: 0 pass, 1 blocking finding, 2 usage or configuration error, 3 internal error.",
      "ats-guard"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");

  atsguard::app::CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Evaluate the secrets once (init container)");
  atsguard::app::AddCheckFlags(*check_cmd, check);

  atsguard::app::WatchOptions watch;
  CLI::App* watch_cmd =
      app.add_subcommand("watch", "Re-validate on rotation and reload the application (sidecar)");
  atsguard::app::AddWatchFlags(*watch_cmd, watch);

  CLI::App* templates_cmd = app.add_subcommand("templates", "List or show the built-in templates");
  templates_cmd->require_subcommand(1);
  templates_cmd->add_subcommand("list", "One line per template");
  std::string show_name;
  templates_cmd->add_subcommand("show", "A template as the JSON a policy file uses")
      ->add_option("name", show_name, "Template name")
      ->required();

  std::string kind;
  int bits = 0;
  CLI::App* generate_cmd =
      app.add_subcommand("generate", "Print one new secret made with OpenSSL's RNG");
  generate_cmd->add_option("kind", kind, "jwt-secret | encryption-key | db-password | rsa-key")
      ->required();
  CLI::Option* bits_opt =
      generate_cmd->add_option("--bits", bits, "jwt-secret: random bits; rsa-key: modulus size");

  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? ToInt(ExitCode::kPass) : ToInt(ExitCode::kUsage);
  }

  atsguard::sys::ProcessEnvironment env;
  atsguard::sys::PosixFileSystem fs;
  atsguard::sys::SystemClock clock;
  atsguard::app::Deps deps{env, fs, clock, stdout, stderr};

  if (check_cmd->parsed()) return atsguard::app::RunCheck(check, deps);
  if (watch_cmd->parsed()) return atsguard::app::RunWatch(watch, deps);
  if (templates_cmd->got_subcommand("list")) return atsguard::app::RunTemplatesList(stdout);
  if (templates_cmd->got_subcommand("show")) {
    return atsguard::app::RunTemplatesShow(show_name, stdout, stderr);
  }
  if (generate_cmd->parsed()) {
    std::optional<int> maybe_bits;
    if (bits_opt->count() > 0) maybe_bits = bits;
    return atsguard::app::RunGenerate(kind, maybe_bits, stdout, stderr);
  }
  return atsguard::app::RunVersion(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ats-guard: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "ats-guard: internal error\n");
  }
  return ToInt(ExitCode::kInternal);
}
