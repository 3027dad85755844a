// The leak harness: every mode of the real binary runs on canary secrets (env, _FILE and a
// kubelet volume), and everything it produces is collected: stdout, stderr, every report
// format, the termination log, every endpoint's responses (refusals included) and the
// metrics. No canary may appear, nor a plain hash or encoding of one, nor a piece of it.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <signal.h>

#include <cctype>
#include <sstream>

#include "crypto/random.h"
#include "support/atomic_writer.h"
#include "support/child_process.h"
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/reliability_record.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"
#include "support/webhook_receiver.h"

namespace atsguard::testing {
namespace {

using std::chrono::seconds;

std::string Digest(const EVP_MD* md, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) == 1);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// What a careless program prints instead of a secret: the value, its start or end (a
// "preview"), an encoding, or a plain hash that a dictionary reverses for a weak value.
// Ends are checked only for values random from end to end (not PEM, whose DER header is
// the same in every key).
std::vector<std::string> ForbiddenForms(const std::string& canary, bool ends) {
  std::vector<std::string> forms = {canary, crypto::Base64Encode(canary)};
  if (ends && canary.size() >= 24) {
    forms.push_back(canary.substr(0, 12));
    forms.push_back(canary.substr(canary.size() - 12));
  }
  for (const EVP_MD* md : {EVP_md5(), EVP_sha1(), EVP_sha256(), EVP_sha512()}) {
    const std::string raw = Digest(md, canary);
    forms.push_back(crypto::HexEncode(raw));
    forms.push_back(Upper(crypto::HexEncode(raw)));
    forms.push_back(crypto::Base64Encode(raw));
  }
  return forms;
}

// The canaries of one version of the secrets; the PEM key counts line by line.
struct CanarySet {
  std::string env_jwt = crypto::Base64Encode(crypto::RandomBytes(64).value());
  std::string file_jwt = crypto::Base64Encode(crypto::RandomBytes(64).value());
  std::string encryption_key = crypto::HexEncode(crypto::RandomBytes(32).value());
  // Weak on purpose, so the rules that inspect a value most closely all look at it.
  std::string db_password = "changeme" + crypto::RandomAlphanumeric(20).value();
  std::string rsa_pem = RsaKeyPem(2048);

  Payload Files() const {
    return {{"jwt-secret", {file_jwt, 0440}},
            {"db-password", {db_password, 0440}},
            {"jwt-private-key.pem", {rsa_pem, 0440}}};
  }
  std::vector<std::string> Values() const {
    return {env_jwt, file_jwt, encryption_key, db_password};
  }
  std::vector<std::string> PemPieces() const {
    std::vector<std::string> pieces = {rsa_pem};
    std::istringstream lines(rsa_pem);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("-----") == std::string::npos) pieces.push_back(line);
    }
    return pieces;
  }
};

// Collects every text a mode produced, labelled, and checks them all at the end.
class Outputs {
 public:
  void Add(const std::string& label, const std::string& text) { texts_.emplace_back(label, text); }
  void AddCanaries(const std::vector<std::string>& values, bool ends = true) {
    for (const std::string& value : values) canaries_.emplace_back(value, ends);
  }
  struct Tally {
    size_t forms = 0;
    size_t checked = 0;  // (output, form) pairs
    size_t leaks = 0;
  };
  Tally CheckNoLeak() const {
    Tally tally;
    for (const auto& [canary, ends] : canaries_) {
      for (const std::string& form : ForbiddenForms(canary, ends)) {
        ++tally.forms;
        for (const auto& [label, text] : texts_) {
          ++tally.checked;
          if (text.find(form) != std::string::npos) {
            ++tally.leaks;
            FAIL_CHECK("a form of a canary secret appears in " << label);
          }
        }
      }
    }
    return tally;
  }
  size_t outputs() const { return texts_.size(); }
  size_t bytes() const {
    size_t total = 0;
    for (const auto& [label, text] : texts_) total += text.size();
    return total;
  }

 private:
  std::vector<std::pair<std::string, std::string>> texts_;
  std::vector<std::pair<std::string, bool>> canaries_;  // value, check its ends
};

std::map<std::string, std::string> CanaryEnv(const CanarySet& set, const TempDir& tmp) {
  auto env = ProductionEnv();
  env["ATS_JWT_ALGORITHM"] = "HS256";  // judge the HMAC secret too, next to the RSA key
  env["ATS_JWT_SECRET"] = set.env_jwt;  // differs from the file: SEC-02 names both
  WriteFile(tmp.Sub("run/encryption-key"), " " + set.encryption_key + "\n", 0400);
  env["ATS_ENCRYPTION_KEY_FILE"] = tmp.Sub("run/encryption-key");
  env["POD_NAME"] = "ats-core-0";
  env["POD_NAMESPACE"] = "trading";
  return env;
}

void RunCheckModes(const std::map<std::string, std::string>& env, const std::string& volume,
                   const TempDir& tmp, Outputs& outputs) {
  for (const char* format : {"text", "json", "sarif"}) {
    const std::string f = format;
    const std::string term = tmp.Sub("term-" + f), report = tmp.Sub("report-" + f);
    ProcessResult to_stdout = RunGuard(
        {"check", "--format", f, "--secrets-dir", volume, "--termination-log", term}, env);
    ProcessResult to_file = RunGuard(
        {"check", "--format", f, "--secrets-dir", volume, "--output", report, "--strict"}, env);
    CHECK(to_stdout.exit_code == 1);
    CHECK(to_file.exit_code == 1);
    outputs.Add("check --format " + f + " stdout", to_stdout.out);
    outputs.Add("check --format " + f + " stderr", to_stdout.err);
    outputs.Add("check --output stdout/stderr (" + f + ")", to_file.out + to_file.err);
    outputs.Add("check --output file (" + f + ")", ReadFile(report));
    outputs.Add("termination log (" + f + ")", ReadFile(term));
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"templates", "list"},
        std::vector<std::string>{"templates", "show", "production-financial"},
        std::vector<std::string>{"version"}, std::vector<std::string>{"check", "--bogus"}}) {
    ProcessResult result = RunGuard(args, env);
    std::string command = "ats-guard";
    for (const std::string& arg : args) command += " " + arg;
    outputs.Add(command, result.out + result.err);
  }
}

// The sidecar's answers to what Prometheus, the kubelet, an operator and a scanner send.
void Scrape(int port, const std::string& token, const std::string& when, Outputs& outputs) {
  const httplib::Headers good = {{"Authorization", "Bearer " + token}};
  const httplib::Headers bad = {{"Authorization", "Bearer not-the-token"}};
  auto add = [&](const std::string& what, const HttpReply& reply) {
    std::string text = std::to_string(reply.status) + "\n";
    for (const auto& [name, value] : reply.headers) text += name + ": " + value + "\n";
    outputs.Add(when + " " + what, text + reply.body);
  };
  for (const char* path : {"/healthz", "/readyz", "/status", "/metrics"}) {
    add(std::string("GET ") + path, HttpGet(port, path, good));
    add(std::string("GET ") + path + " (bad token)", HttpGet(port, path, bad));
  }
  add("POST /metrics", HttpRequest(port, "POST", "/metrics", good, "x"));
  add("GET /nowhere", HttpGet(port, "/nowhere", good));
  CHECK(HttpGet(port, "/metrics", good).status == 200);
  CHECK(HttpGet(port, "/metrics", bad).status == 401);
}

TEST_CASE("leak harness: no mode ever outputs a canary secret, a hash or a piece of one") {
  TempDir tmp;
  CanarySet first, second;
  AtomicWriter volume(tmp.Sub("vol"));
  volume.Write(first.Files());
  Outputs outputs;
  for (const CanarySet* set : {&first, &second}) {
    outputs.AddCanaries(set->Values());
    outputs.AddCanaries(set->PemPieces(), /*ends=*/false);
  }
  const auto env = CanaryEnv(first, tmp);
  RunCheckModes(env, volume.dir(), tmp, outputs);

  // The sidecar, with credentials of its own as canaries too.
  const std::string token = crypto::RandomAlphanumeric(40).value();
  const std::string webhook_password = crypto::RandomAlphanumeric(24).value();
  outputs.AddCanaries({token, webhook_password});
  WriteFile(tmp.Sub("token"), token + "\n", 0400);
  WebhookReceiver receiver;
  const std::string url =
      "http://ops:" + webhook_password + "@127.0.0.1:" + std::to_string(receiver.port()) + "/r";
  ChildProcess guard({ATSGUARD_BINARY, "watch", "--secrets-dir", volume.dir(), "--listen",
                      "127.0.0.1:0", "--auth-token-file", tmp.Sub("token"), "--reload", "http",
                      "--webhook-url", url, "--reload-on-invalid", "--min-reload-interval", "0s"},
                     env);
  REQUIRE_MESSAGE(guard.WaitForErr("watching", seconds(10)), guard.err());
  const std::string err = guard.err();
  const int port = std::stoi(err.substr(err.find("/metrics on port ") + 17));
  Scrape(port, token, "start:", outputs);

  volume.Write(second.Files());  // a rotation, delivered despite its findings
  REQUIRE(guard.WaitForOut("\"event_type\":\"secret_change\"", seconds(10)));
  REQUIRE(receiver.WaitForRequests(1, seconds(10)));
  Scrape(port, token, "after rotation:", outputs);
  guard.Signal(SIGTERM);
  CHECK(guard.Wait(seconds(5)) == std::optional<int>(0));
  outputs.Add("watch stdout (audit)", guard.out());
  outputs.Add("watch stderr (log)", guard.err());

  const Outputs::Tally tally = outputs.CheckNoLeak();
  RecordReliability(
      "secrets never leak",
      std::to_string(outputs.outputs()) + " outputs (" + std::to_string(outputs.bytes() / 1024) +
          " KiB) of check x3 formats, termination log, templates, watch audit/log, 4 endpoints "
          "x good/bad token, 405/404; " +
          std::to_string(tally.forms) + " canary forms (value, 12-char ends, base64, " +
          "md5/sha1/sha256/sha512)",
      std::to_string(tally.checked) + " (output, form) pairs checked, " +
          std::to_string(tally.leaks) + " leaks");
}

}  // namespace
}  // namespace atsguard::testing
