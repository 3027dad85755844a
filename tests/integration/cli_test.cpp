// The command line: usage errors, templates, generate, version.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "support/process.h"

namespace atsguard::testing {
namespace {

TEST_CASE("unknown flags, subcommands and values exit 2 with a message") {
  const std::vector<std::vector<std::string>> cases = {
      {"check", "--no-such-flag"},
      {"nonsense"},
      {},
      {"check", "--template", "prod"},
      {"check", "--format", "xml"},
      {"check", "extra-argument"},
      {"generate", "api-key"},
      {"generate", "encryption-key", "--bits", "128"},
      {"templates", "show", "prod"},
  };
  for (const auto& args : cases) {
    auto result = RunGuard(args);
    CAPTURE(result.err);
    CHECK(result.exit_code == 2);
    CHECK_FALSE(result.err.empty());
  }
}

TEST_CASE("--help exits 0 and names every flag with its variable") {
  auto result = RunGuard({"check", "--help"});
  CHECK(result.exit_code == 0);
  for (const char* text : {"--template", "ATS_GUARD_TEMPLATE", "--secrets-dir", "ATS_GUARD_SECRETS_DIR",
                           "--termination-log", "--generate-missing", "--strict", "--format", "--output",
                           "--policy"}) {
    CHECK(result.out.find(text) != std::string::npos);
  }
}

TEST_CASE("templates list and show") {
  auto list = RunGuard({"templates", "list"});
  CHECK(list.exit_code == 0);
  for (const char* name : {"production-financial", "staging", "development"}) {
    CHECK(list.out.find(name) != std::string::npos);
  }
  auto show = RunGuard({"templates", "show", "production-financial"});
  CHECK(show.exit_code == 0);
  auto tmpl = nlohmann::json::parse(show.out);
  CHECK(tmpl["extends"] == "production-financial");
  CHECK(tmpl["rules"]["JWT-05"]["min_length"] == 64);
  CHECK(tmpl["rules"].size() == 32);
}

TEST_CASE("generate prints one value in the guide's forms, without line wraps") {
  auto jwt = RunGuard({"generate", "jwt-secret"});
  CHECK(jwt.exit_code == 0);
  CHECK(std::regex_match(jwt.out, std::regex("[A-Za-z0-9+/]{86}==\n")));
  auto key = RunGuard({"generate", "encryption-key"});
  CHECK(std::regex_match(key.out, std::regex("[0-9a-f]{64}\n")));
  auto password = RunGuard({"generate", "db-password"});
  CHECK(std::regex_match(password.out, std::regex("[A-Za-z0-9]{25}\n")));
  auto rsa = RunGuard({"generate", "rsa-key", "--bits", "2048"});
  CHECK(rsa.out.starts_with("-----BEGIN PRIVATE KEY-----\n"));
  CHECK(RunGuard({"generate", "jwt-secret"}).out != jwt.out);
}

TEST_CASE("version names the build and OpenSSL") {
  auto result = RunGuard({"version"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.starts_with("ats-guard " ATSGUARD_VERSION " (OpenSSL 3."));
}

}  // namespace
}  // namespace atsguard::testing
