// `ats-guard watch` driven for real: the binary, real inotify, the kubelet AtomicWriter
// emulation, a real process to signal and a real webhook receiver on loopback.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>

#include "integration/watch_rig.h"
#include "support/process.h"
#include "support/webhook_receiver.h"

namespace atsguard::testing {
namespace {

TEST_CASE("watch: the first rotation reloads the application with the new content") {
  WatchRig rig;
  Payload next = RandomSecrets();
  rig.Rotate(next);
  REQUIRE_MESSAGE(rig.WaitHup(1), rig.guard().err());
  CHECK(rig.LastHupHash() == Fnv1a(next.at("jwt-secret").content));
  // The loop writes an iteration's audit lines after its reload went out (HoldLines).
  REQUIRE(rig.WaitEvent("secret_change"));
  CHECK(rig.Events("secret_change") == 1);
}

TEST_CASE("watch: SIGTERM exits cleanly within one second") {
  WatchRig rig;
  auto [code, took] = rig.Terminate();
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK(took < milliseconds(1000));
}

TEST_CASE("watch: a key added and a key removed are rotations") {
  WatchRig rig({"--min-reload-interval", "0s"});
  Payload added = rig.last();
  added["tls-extra"] = {"not-a-secret", 0444};
  rig.Rotate(added);
  REQUIRE(rig.WaitHup(1));
  Payload removed = rig.last();
  removed.erase("tls-extra");
  rig.Rotate(removed);
  REQUIRE(rig.WaitHup(2));
  CHECK(rig.guard().WaitForOut("+tls-extra", seconds(5)));
  CHECK(rig.guard().WaitForOut("-tls-extra", seconds(5)));
}

TEST_CASE("watch: identical-content swaps and read noise reload nothing") {
  WatchRig rig({"--min-reload-interval", "0s"});
  rig.writer().skip_unchanged = false;
  for (int i = 0; i < 10; ++i) {
    rig.Rotate(rig.last());
    rig.writer().ReadNoise();
  }
  // A real rotation afterwards: events are handled in order, so when its reload arrives
  // every identical swap before it has been handled.
  Payload next = rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value()));
  rig.writer().skip_unchanged = true;
  rig.Rotate(next);
  REQUIRE(rig.WaitHup(1));
  CHECK(rig.Hups() == 1);
  // Written after the reload (HoldLines); an identical swap's line would have come before.
  REQUIRE(rig.WaitEvent("secret_change"));
  CHECK(rig.Events("secret_change") == 1);
}

TEST_CASE(
    "watch: a burst of 20 swaps in 50 ms gives at most 2 reloads, the last with the final "
    "content") {
  WatchRig rig;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i)
    rig.Rotate(rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value())));
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(50));
  REQUIRE(rig.WaitHup(1));
  const std::string final_hash = Fnv1a(rig.last().at("jwt-secret").content);
  REQUIRE(rig.counter().WaitFor(
      [&](const std::string& out, const std::string&) {
        return out.find(final_hash) != std::string::npos;
      },
      seconds(5)));
  CHECK(rig.Hups() <= 2);
  CHECK(rig.LastHupHash() == final_hash);
  // Nothing more comes after the trailing edge.
  CHECK_FALSE(rig.WaitHup(3, milliseconds(1500)));
}

TEST_CASE("watch: a failing rotation is withheld with an audit event, a passing one reloads") {
  WatchRig rig({"--min-reload-interval", "0s"});
  rig.AddCanary("your-256-bit-secret");
  rig.Rotate(rig.WithJwt("your-256-bit-secret"));
  REQUIRE(rig.WaitEvent("validation_verdict", 2));
  CHECK(rig.guard().out().find("\"action_taken\":\"withhold_reload\",\"subject\":\"signal:") !=
        std::string::npos);
  CHECK(rig.guard().out().find("\"rule\":\"JWT-07\"") != std::string::npos);
  CHECK(rig.Hups() == 0);
  Payload good = rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value()));
  rig.Rotate(good);
  REQUIRE(rig.WaitHup(1));
  CHECK(rig.LastHupHash() == Fnv1a(good.at("jwt-secret").content));
}

TEST_CASE("watch: a removed and recreated directory is re-armed and read again") {
  WatchRig rig({"--min-reload-interval", "0s"});
  std::filesystem::remove_all(rig.writer().dir());
  REQUIRE(rig.WaitEvent("secret_change"));  // the secrets are gone: re-evaluated, withheld
  CHECK(rig.Hups() == 0);
  AtomicWriter again(rig.writer().dir());
  Payload next = RandomSecrets();
  for (const auto& [key, file] : next) rig.AddCanary(file.content);
  again.Write(next);
  REQUIRE_MESSAGE(rig.WaitHup(1), rig.guard().err());
  CHECK(rig.LastHupHash() == Fnv1a(next.at("jwt-secret").content));
  CHECK(rig.guard().err().find("re-arming") != std::string::npos);
}

TEST_CASE("watch: a plain directory updated in place and by rename") {
  WatchRig rig({"--min-reload-interval", "0s", "--debounce", "50ms"}, /*plain_dir=*/true);
  Payload in_place = rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value()));
  rig.Rotate(in_place);
  REQUIRE(rig.WaitHup(1));
  CHECK(rig.LastHupHash() == Fnv1a(in_place.at("jwt-secret").content));

  const std::string renamed = crypto::Base64Encode(crypto::RandomBytes(64).value());
  rig.AddCanary(renamed);
  WriteFile(rig.writer().dir() + "/.jwt-secret.new", renamed, 0440);
  std::filesystem::rename(rig.writer().dir() + "/.jwt-secret.new",
                          rig.writer().dir() + "/jwt-secret");
  REQUIRE(rig.WaitHup(2));
  CHECK(rig.LastHupHash() == Fnv1a(renamed));
}

TEST_CASE("watch: a restarted target is found under its new PID") {
  WatchRig rig({"--min-reload-interval", "0s"});
  rig.Rotate(RandomSecrets());
  REQUIRE(rig.WaitHup(1));
  rig.counter().Signal(SIGTERM);
  REQUIRE(rig.counter().Wait(seconds(5)));
  rig.StartCounter();
  rig.Rotate(RandomSecrets());
  REQUIRE_MESSAGE(rig.WaitHup(1), rig.guard().err());
}

TEST_CASE("watch: a webhook down for seconds is delivered when it returns, watching goes on") {
  WebhookReceiver receiver;
  receiver.Down();
  WatchRig rig(
      {"--reload", "http", "--webhook-url",
       "http://user:hunter2hunter2@127.0.0.1:" + std::to_string(receiver.port()) + "/-/reload",
       "--min-reload-interval", "0s"});
  rig.AddCanary("hunter2hunter2");
  const auto down_since = std::chrono::steady_clock::now();
  rig.Rotate(RandomSecrets());
  REQUIRE(rig.WaitHup(1));
  // Five failed attempts with backoff while the receiver stays down: four waits of 200,
  // 400, 800 and 1600 ms with equal jitter (half fixed, half random), so 1.5 to 3 s...
  REQUIRE(rig.guard().WaitForOut("\"result\":\"retry\"", seconds(15), 5));
  CHECK(std::chrono::steady_clock::now() - down_since >= milliseconds(1500));
  // ...and meanwhile the watcher keeps working: another rotation is signalled at once.
  rig.Rotate(RandomSecrets());
  REQUIRE(rig.WaitHup(2, seconds(3)));
  CHECK(receiver.requests() == 0);
  receiver.Up();
  REQUIRE_MESSAGE(receiver.WaitForRequests(1, seconds(10)), rig.guard().err());
  CHECK(receiver.last_authorization().starts_with("Basic "));
  CHECK(rig.guard().WaitForOut("\"result\":\"success\"", seconds(5), 3));  // 2 signals + 1 webhook
  // One delivery covers both rotations: no second request follows.
  CHECK_FALSE(receiver.WaitForRequests(2, milliseconds(500)));
}

TEST_CASE("watch: bad secrets files never crash or hang the sidecar") {
  WatchRig rig({"--min-reload-interval", "0s"}, /*plain_dir=*/true);
  const std::string dir = rig.writer().dir();
  REQUIRE(::mkfifo((dir + "/db-ca.crt").c_str(), 0600) == 0);
  std::filesystem::create_symlink("loop-b", dir + "/loop-a");
  std::filesystem::create_symlink("loop-a", dir + "/loop-b");
  std::filesystem::create_directory_symlink("..nowhere", dir + "/..data");  // dangling
  rig.guard().Signal(SIGHUP);                                               // rescan now
  REQUIRE(rig.WaitEvent("validation_verdict", 2, seconds(10)));
  std::filesystem::remove(dir + "/..data");
  Payload next = rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value()));
  rig.Rotate(next);
  REQUIRE(rig.WaitEvent("secret_change", 2));
  auto [code, took] = rig.Terminate();
  CHECK(code == std::optional<int>(0));
}

TEST_CASE("watch: bad flags are usage errors (exit 2) with a clear message") {
  struct Row {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<Row> rows = {
      {{"--debounce", "5x"}, "--debounce"},
      {{"--min-reload-interval", "-1s"}, "--min-reload-interval"},
      {{"--reload", "signal"}, "--process-name"},
      {{"--reload", "http"}, "--webhook-url"},
      {{"--webhook-url", "ftp://user:pw@host/"}, "http or https"},
      {{"--process-name", "x", "--signal", "NOPE"}, "--signal"},
      {{"--webhook-url", "http://h/", "--webhook-success", "2xy"}, "--webhook-success"},
      {{"--rescan-interval", "10ms"}, "--rescan-interval"},
      {{"--reload", "bogus"}, "--reload"},
  };
  for (const Row& row : rows) {
    std::vector<std::string> args = {"watch", "--template", "development"};
    args.insert(args.end(), row.args.begin(), row.args.end());
    CAPTURE(row.message);
    ProcessResult result = RunGuard(args, {}, seconds(10));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(row.message) != std::string::npos);
    CHECK(result.err.find("pw@") == std::string::npos);
  }
}

TEST_CASE("watch: flags also come from ATS_GUARD_* variables") {
  ProcessResult result = RunGuard({"watch", "--template", "development"},
                                  {{"ATS_GUARD_DEBOUNCE", "fast"}}, seconds(10));
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--debounce: invalid duration 'fast'") != std::string::npos);
}

}  // namespace
}  // namespace atsguard::testing
