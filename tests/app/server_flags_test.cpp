#include "app/server_flags.h"

#include <doctest/doctest.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <vector>

namespace atsguard::testing {
namespace {

// Parses `args` (without the program name) into ServerOptions; the CLI11 error, if any.
std::string Parse(std::vector<std::string> args, http::ServerOptions& options) {
  CLI::App app("test");
  app::AddServerFlags(app, options);
  std::vector<const char*> argv = {"ats-guard"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return "";
}

// Every field AddServerFlags sets.
struct Flags {
  std::string listen, tls_cert, tls_key, tls_min_version, auth_token_file;
  int rate_limit_rpm;
};

void CheckFlags(const http::ServerOptions& options, const Flags& want) {
  CHECK(options.listen == want.listen);
  CHECK(options.tls_cert == want.tls_cert);
  CHECK(options.tls_key == want.tls_key);
  CHECK(options.tls_min_version == want.tls_min_version);
  CHECK(options.auth_token_file == want.auth_token_file);
  CHECK(options.rate_limit_rpm == want.rate_limit_rpm);
}

TEST_CASE("server flags fill ServerOptions, defaults otherwise") {
  http::ServerOptions options;
  REQUIRE(Parse({}, options).empty());
  CHECK(options.listen == "0.0.0.0:9464");
  CHECK(options.tls_min_version == "1.2");
  CHECK(options.rate_limit_rpm == 0);
  REQUIRE(Parse({"--listen", "127.0.0.1:8443", "--tls-cert", "/c.pem", "--tls-key", "/k.pem",
                 "--tls-min-version", "1.3", "--auth-token-file", "/t", "--rate-limit-rpm", "120"},
                options)
              .empty());
  CheckFlags(options, {"127.0.0.1:8443", "/c.pem", "/k.pem", "1.3", "/t", 120});
}

TEST_CASE("every server flag has an ATS_GUARD_ variable") {
  const std::vector<std::pair<const char*, const char*>> vars = {
      {"ATS_GUARD_LISTEN", "[::]:9999"},       {"ATS_GUARD_TLS_CERT", "/env/c.pem"},
      {"ATS_GUARD_TLS_KEY", "/env/k.pem"},     {"ATS_GUARD_TLS_MIN_VERSION", "1.3"},
      {"ATS_GUARD_AUTH_TOKEN_FILE", "/env/t"}, {"ATS_GUARD_RATE_LIMIT_RPM", "30"}};
  for (const auto& [name, value] : vars) ::setenv(name, value, 1);
  http::ServerOptions options;
  std::string error = Parse({}, options);
  for (const auto& [name, value] : vars) ::unsetenv(name);
  REQUIRE(error.empty());
  CheckFlags(options, {"[::]:9999", "/env/c.pem", "/env/k.pem", "1.3", "/env/t", 30});
}

TEST_CASE("inconsistent server flags are usage errors") {
  http::ServerOptions options;
  CHECK_FALSE(Parse({"--tls-cert", "/c.pem"}, options).empty());
  CHECK_FALSE(Parse({"--tls-key", "/k.pem"}, options).empty());
  CHECK_FALSE(Parse({"--tls-min-version", "1.1"}, options).empty());
  CHECK_FALSE(Parse({"--rate-limit-rpm", "-5"}, options).empty());
}

}  // namespace
}  // namespace atsguard::testing
