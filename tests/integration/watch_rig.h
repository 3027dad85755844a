#pragma once

#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crypto/random.h"
#include "support/atomic_writer.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace atsguard::testing {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A complete, passing set for the test policy: random values, which double as canaries
// that must never appear in ats-guard's output.
inline Payload RandomSecrets() {
  return {{"jwt-secret", {crypto::Base64Encode(crypto::RandomBytes(64).value()), 0440}},
          {"encryption-key", {crypto::HexEncode(crypto::RandomBytes(32).value()), 0440}},
          {"db-password", {crypto::RandomAlphanumeric(25).value(), 0440}}};
}

// FNV-1a, as hup-counter prints it for the file it re-reads on SIGHUP.
inline std::string Fnv1a(const std::string& content) {
  uint64_t hash = 1469598103934665603ULL;
  for (char c : content) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  char text[32];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

// The development template where high findings block: a weak jwt-secret (JWT-07) fails.
inline constexpr const char* kTestPolicy = R"({"extends": "development", "block_at": "high"})";

// A kubelet-style volume, a hup-counter standing in for ats-core, and `ats-guard watch`
// reloading it by signal, all under one temp directory.
class WatchRig {
 public:
  explicit WatchRig(std::vector<std::string> extra_args = {}, bool plain_dir = false)
      : plain_(plain_dir), writer_(tmp_.Sub("vol")) {
    WriteFile(tmp_.Sub("policy.json"), kTestPolicy, 0644);
    Rotate(RandomSecrets());
    tag_ = "--tag=" + crypto::HexEncode(crypto::RandomBytes(8).value());
    StartCounter();
    std::vector<std::string> args = {ATSGUARD_BINARY,  "watch",
                                     "--policy",       tmp_.Sub("policy.json"),
                                     "--secrets-dir",  writer_.dir(),
                                     "--reload",       "signal",
                                     "--process-name", std::string("hup-counter ") + tag_,
                                     "--listen",       "127.0.0.1:0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    guard_ = std::make_unique<ChildProcess>(args, Env());
    REQUIRE_MESSAGE(guard_->WaitForErr("watching", seconds(10)), guard_->err());
  }

  ~WatchRig() {
    if (!guard_) return;
    const std::string all = guard_->out() + guard_->err();
    for (const std::string& canary : canaries_) CHECK(all.find(canary) == std::string::npos);
  }

  static std::map<std::string, std::string> Env() {
    return {{"ATS_ENVIRONMENT", "development"},
            {"ATS_JWT_ALGORITHM", "HS256"},
            {"ATS_JWT_EXPIRY_SECONDS", "900"}};
  }

  // Writes a new version as the kubelet does (or files in place for a plain directory).
  // Its values become canaries checked against all output at the end, unless a soak
  // writing thousands of versions says otherwise (each canary costs a scan of the output).
  void Rotate(const Payload& payload, bool canaries = true) {
    if (canaries)
      for (const auto& [key, file] : payload) canaries_.push_back(file.content);
    if (plain_) {
      for (const auto& [key, file] : payload)
        WriteFile(writer_.dir() + "/" + key, file.content, 0440);
    } else {
      writer_.Write(payload);
    }
    last_ = payload;
  }
  Payload WithJwt(const std::string& jwt) const {
    Payload next = last_;
    next["jwt-secret"].content = jwt;
    return next;
  }

  void StartCounter() {
    counter_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{ATSGUARD_HUP_COUNTER, tag_, "--read",
                                 writer_.dir() + "/jwt-secret"},
        std::map<std::string, std::string>{});
    REQUIRE(counter_->WaitForOut("ready", seconds(5)));
  }

  // Waits for the n-th SIGHUP at the counter and checks it saw `jwt` on disk.
  bool WaitHup(int n, milliseconds deadline = milliseconds(10000)) {
    return counter_->WaitForOut("hup " + std::to_string(n) + " ", deadline);
  }
  int Hups() const { return CountOf(counter_->out(), "hup "); }
  std::string LastHupHash() const {
    std::string out = counter_->out();
    size_t line = out.rfind("hup ");
    REQUIRE(line != std::string::npos);
    return out.substr(out.find(' ', line + 4) + 1, 16);
  }
  // Waits until ats-guard has written `count` audit lines of `event_type`.
  bool WaitEvent(const std::string& event_type, int count = 1,
                 milliseconds deadline = milliseconds(10000)) {
    return guard_->WaitForOut("\"event_type\":\"" + event_type + "\"", deadline, count);
  }
  int Events(const std::string& event_type) const {
    return CountOf(guard_->out(), "\"event_type\":\"" + event_type + "\"");
  }

  // SIGTERM; returns the exit code and how long it took.
  std::pair<std::optional<int>, milliseconds> Terminate() {
    const auto start = std::chrono::steady_clock::now();
    guard_->Signal(SIGTERM);
    auto code = guard_->Wait(seconds(5));
    return {code,
            std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start)};
  }

  // The port the sidecar's HTTP server listens on (it logs it when it starts watching).
  int HttpPort() const {
    const std::string err = guard_->err();
    const std::string marker = "/metrics on port ";
    size_t at = err.find(marker);
    REQUIRE_MESSAGE(at != std::string::npos, err);
    return std::stoi(err.substr(at + marker.size()));
  }

  TempDir& tmp() { return tmp_; }
  AtomicWriter& writer() { return writer_; }
  ChildProcess& guard() { return *guard_; }
  ChildProcess& counter() { return *counter_; }
  const Payload& last() const { return last_; }
  void AddCanary(const std::string& value) { canaries_.push_back(value); }

 private:
  bool plain_;
  TempDir tmp_;
  AtomicWriter writer_;
  Payload last_;
  std::vector<std::string> canaries_;
  std::string tag_;
  std::unique_ptr<ChildProcess> counter_;
  std::unique_ptr<ChildProcess> guard_;
};

}  // namespace atsguard::testing
