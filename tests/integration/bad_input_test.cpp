// Hostile and broken inputs: each gets a finding or a clear error naming the input,
// within a bounded time, and never a crash, a hang or a printed secret.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/atomic_writer.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Runs check on `dir` and returns the findings whose subject mentions `needle`.
std::vector<json> FindingsAbout(const ProcessResult& result, const std::string& needle) {
  std::vector<json> out;
  const json report = json::parse(result.out);
  for (const auto& f : report["findings"]) {
    if (f["subject"].get<std::string>().find(needle) != std::string::npos) out.push_back(f);
  }
  return out;
}

ProcessResult CheckDir(const std::string& dir, std::map<std::string, std::string> env = ProductionEnv()) {
  auto result = RunGuard({"check", "--format", "json", "--secrets-dir", dir}, env, 10s);
  REQUIRE_FALSE(result.timed_out);
  REQUIRE(result.exit_code >= 0);  // never a crash
  REQUIRE(result.exit_code <= 1);
  return result;
}

TEST_CASE("a FIFO, a device and a symlink loop in place of secrets are findings, not hangs") {
  TempDir tmp;
  const std::string dir = tmp.Sub("run");
  ::mkdir(dir.c_str(), 0755);
  REQUIRE(::mkfifo((dir + "/jwt-secret").c_str(), 0600) == 0);
  REQUIRE(::symlink("/dev/urandom", (dir + "/encryption-key").c_str()) == 0);
  REQUIRE(::symlink("db-password", (dir + "/db-password").c_str()) == 0);
  auto result = CheckDir(dir);
  CHECK(result.exit_code == 1);
  auto fifo = FindingsAbout(result, "jwt-secret");
  REQUIRE_FALSE(fifo.empty());
  CHECK(fifo[0]["rule"] == "ENV-04");
  CHECK(fifo[0]["message"].get<std::string>().find("is a FIFO") != std::string::npos);
  CHECK(FindingsAbout(result, "encryption-key")[0]["message"].get<std::string>().find("character device") !=
        std::string::npos);
  CHECK(FindingsAbout(result, "db-password")[0]["message"].get<std::string>().find("symlink loop") !=
        std::string::npos);
}

TEST_CASE("a 10 MiB secret file is refused by size, not read") {
  TempDir tmp;
  WriteFile(tmp.Sub("run/jwt-secret"), std::string(10 << 20, 'A'));
  auto result = CheckDir(tmp.Sub("run"));
  auto findings = FindingsAbout(result, "jwt-secret");
  REQUIRE_FALSE(findings.empty());
  CHECK(findings[0]["message"].get<std::string>().find("larger than the 1048576-byte limit") !=
        std::string::npos);
}

TEST_CASE("garbage bytes, NUL bytes, invalid UTF-8 and empty values are judged, not crashed on") {
  TempDir tmp;
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) & 0xFF);
  WriteFile(tmp.Sub("run/jwt-secret"), garbage);
  WriteFile(tmp.Sub("run/db-password"), std::string("pass\0word\0CANARYnul", 19));
  WriteFile(tmp.Sub("run/encryption-key"), "");
  WriteFile(tmp.Sub("run/jwt-private-key.pem"), "\xff\xfe-----BEGIN PRIVATE KEY-----\n\xc3\x28\n");
  WriteFile(tmp.Sub("run/jwks.json"), "{\"keys\": [{\"kty\": \"RSA\", \"n\": \"\xff\xfe\"}");
  WriteFile(tmp.Sub("run/tls.crt"), "-----BEGIN CERTIFICATE-----\n" + garbage);
  auto env = ProductionEnv();
  env["ATS_LOG_LEVEL"] = "\xc3\x28\xff";
  auto result = CheckDir(tmp.Sub("run"), env);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("CANARY") == std::string::npos);
  CHECK(result.err.find("CANARY") == std::string::npos);
  CHECK(FindingsAbout(result, "db-password").size() >= 1);
  bool control = false;
  for (const auto& f : FindingsAbout(result, "db-password")) {
    control = control || f["message"].get<std::string>().find("control characters") != std::string::npos;
  }
  CHECK(control);
  CHECK_FALSE(FindingsAbout(result, "jwt-private-key.pem").empty());
  CHECK_FALSE(FindingsAbout(result, "jwks.json").empty());
  CHECK_FALSE(FindingsAbout(result, "tls.crt").empty());
}

TEST_CASE("a dangling ..data makes the whole volume a finding") {
  TempDir tmp;
  const std::string dir = tmp.Sub("vol");
  ::mkdir(dir.c_str(), 0755);
  REQUIRE(::symlink("..2026_12_03_00_00_00.1", (dir + "/..data").c_str()) == 0);
  auto result = CheckDir(dir);
  CHECK(result.exit_code == 1);
  auto findings = FindingsAbout(result, dir);
  REQUIRE_FALSE(findings.empty());
  CHECK(findings[0]["message"].get<std::string>().find("dangling") != std::string::npos);
}

TEST_CASE("a missing secrets directory is a blocking finding naming it") {
  auto result = CheckDir("/nonexistent/ats-secrets");
  CHECK(result.exit_code == 1);
  CHECK_FALSE(FindingsAbout(result, "/nonexistent/ats-secrets").empty());
}

TEST_CASE("malformed policy files exit 2 naming the file") {
  TempDir tmp;
  const std::pair<const char*, const char*> cases[] = {
      {"{", ":1:2:"},
      {"\xff\xfe garbage", ":1:1:"},
      {"{\"extends\": \"staging\", \"rules\": {\"RL-01\": {\"min\": 1.5}}}", "\"min\" must be an integer"},
  };
  for (const auto& [text, expected] : cases) {
    WriteFile(tmp.Sub("p.json"), text);
    auto result = RunGuard({"check", "--policy", tmp.Sub("p.json")}, {}, 10s);
    CAPTURE(result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(tmp.Sub("p.json")) != std::string::npos);
    CHECK(result.err.find(expected) != std::string::npos);
  }
  REQUIRE(::mkfifo(tmp.Sub("fifo.json").c_str(), 0600) == 0);
  auto fifo = RunGuard({"check", "--policy", tmp.Sub("fifo.json")}, {}, 10s);
  CHECK(fifo.exit_code == 2);
  CHECK(fifo.err.find("is a FIFO") != std::string::npos);
  auto missing = RunGuard({"check", "--policy", tmp.Sub("missing.json")}, {}, 10s);
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("missing.json: No such file or directory") != std::string::npos);
}

TEST_CASE("canary secrets never appear in any output, format or termination log") {
  TempDir tmp;
  const std::string jwt = "CANARYjwtA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d";
  const std::string db = "CANARYdbQ9w8E7r6T5y4U3i2O1p0";
  const std::string key = "CANARYenc";  // not hex: every encryption-key rule looks at it
  WriteFile(tmp.Sub("run/db-password"), db + "\n", 0644);
  WriteFile(tmp.Sub("run/jwt-secret"), jwt + "-other");  // conflicts with the env value
  auto env = LoadEnvFixture("guide-sample.env");
  env["ATS_JWT_SECRET"] = jwt;
  env["ATS_ENCRYPTION_KEY"] = key;
  env["ATS_DB_PASSWORD_FILE"] = tmp.Sub("run/db-password");
  env["ATS_JWT_ALGORITHM"] = "HS256";
  for (const char* format : {"text", "json", "sarif"}) {
    CAPTURE(std::string(format));
    const std::string term = tmp.Sub(std::string("term-") + format);
    const std::string out = tmp.Sub(std::string("out-") + format);
    auto to_stdout = RunGuard({"check", "--format", format, "--secrets-dir", tmp.Sub("run"),
                               "--termination-log", term},
                              env, 10s);
    auto to_file = RunGuard({"check", "--format", format, "--secrets-dir", tmp.Sub("run"),
                             "--output", out},
                            env, 10s);
    CHECK(to_stdout.exit_code == 1);
    for (const std::string& text : {to_stdout.out, to_stdout.err, to_file.out, to_file.err,
                                    ReadFile(term), ReadFile(out)}) {
      CHECK(text.find("CANARY") == std::string::npos);
    }
  }
}

}  // namespace
}  // namespace atsguard::testing
