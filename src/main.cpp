// ats-guard: enforces ats-core's security templates on the secrets of its pod.
// Wiring only: parse the command line, run the chosen mode, return its exit code.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <variant>

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

// What the command line asked for. Parsing fills it; the parser itself (CLI11's option
// graph) is gone before the mode runs, so a long-running sidecar does not keep it.
struct Command {
  enum class Mode { kCheck, kWatch, kTemplatesList, kTemplatesShow, kGenerate, kVersion };
  Mode mode = Mode::kVersion;
  atsguard::app::CheckOptions check;
  atsguard::app::WatchOptions watch;
  std::string template_name;
  std::string kind;
  std::optional<int> bits;
};

// Parses argv. Returns the command, or the exit code when parsing ended the run (help,
// usage error: CLI11 has printed the message).
std::variant<Command, int> Parse(int argc, char** argv) {
  CLI::App app{
      "ats-guard: validates ats-core's secrets against its security templates (init container: "
      "check) and re-validates them on rotation (sidecar: watch).\n"
      "Exit codes: 0 pass, 1 blocking finding, 2 usage or configuration error, 3 internal error.",
      "ats-guard"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");
  Command command;

  CLI::App* check_cmd = app.add_subcommand("check", "Evaluate the secrets once (init container)");
  atsguard::app::AddCheckFlags(*check_cmd, command.check);

  CLI::App* watch_cmd =
      app.add_subcommand("watch", "Re-validate on rotation and reload the application (sidecar)");
  atsguard::app::AddWatchFlags(*watch_cmd, command.watch);

  CLI::App* templates_cmd = app.add_subcommand("templates", "List or show the built-in templates");
  templates_cmd->require_subcommand(1);
  CLI::App* list_cmd = templates_cmd->add_subcommand("list", "One line per template");
  CLI::App* show_cmd =
      templates_cmd->add_subcommand("show", "A template as the JSON a policy file uses");
  show_cmd->add_option("name", command.template_name, "Template name")->required();

  int bits = 0;
  CLI::App* generate_cmd =
      app.add_subcommand("generate", "Print one new secret made with OpenSSL's RNG");
  generate_cmd->add_option("kind", command.kind, "jwt-secret | encryption-key | db-password | rsa-key")
      ->required();
  CLI::Option* bits_opt =
      generate_cmd->add_option("--bits", bits, "jwt-secret: random bits; rsa-key: modulus size");

  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? ToInt(ExitCode::kPass) : ToInt(ExitCode::kUsage);
  }
  using Mode = Command::Mode;
  if (check_cmd->parsed()) command.mode = Mode::kCheck;
  if (watch_cmd->parsed()) command.mode = Mode::kWatch;
  if (list_cmd->parsed()) command.mode = Mode::kTemplatesList;
  if (show_cmd->parsed()) command.mode = Mode::kTemplatesShow;
  if (generate_cmd->parsed()) command.mode = Mode::kGenerate;
  if (bits_opt->count() > 0) command.bits = bits;
  return command;
}

int Run(const Command& command) {
  atsguard::sys::ProcessEnvironment env;
  atsguard::sys::PosixFileSystem fs;
  atsguard::sys::SystemClock clock;
  atsguard::app::Deps deps{env, fs, clock, stdout, stderr};
  switch (command.mode) {
    using Mode = Command::Mode;
    case Mode::kCheck: return atsguard::app::RunCheck(command.check, deps);
    case Mode::kWatch: return atsguard::app::RunWatch(command.watch, deps);
    case Mode::kTemplatesList: return atsguard::app::RunTemplatesList(stdout);
    case Mode::kTemplatesShow:
      return atsguard::app::RunTemplatesShow(command.template_name, stdout, stderr);
    case Mode::kGenerate:
      return atsguard::app::RunGenerate(command.kind, command.bits, stdout, stderr);
    case Mode::kVersion: break;
  }
  return atsguard::app::RunVersion(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto parsed = Parse(argc, argv);
    if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
    return Run(std::get<Command>(parsed));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ats-guard: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "ats-guard: internal error\n");
  }
  return ToInt(ExitCode::kInternal);
}
