#include "watch/change_detector.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "support/atomic_writer.h"
#include "support/fake_clock.h"
#include "support/fake_inotify.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

using std::chrono::milliseconds;
using watch::ChangeDetector;
using watch::DetectedChange;
namespace m = sys::inotify_mask;

// A detector over one directory, with the inotify of the test's choice.
struct Rig {
  explicit Rig(const std::string& dir, sys::Inotify* inotify, watch::DetectorOptions options = {})
      : board("test"),
        detector(
            {{dir, true, {}}}, fs, inotify, board,
            [this](base::LogLevel, const std::string& line) { log.push_back(line); }, options) {}

  std::vector<DetectedChange> Step() { return detector.RunOnce(clock.MonotonicNow()); }
  void Advance(milliseconds by) { clock.Advance(by); }

  sys::PosixFileSystem fs;
  FakeClock clock;
  status::StatusBoard board;
  std::vector<std::string> log;
  ChangeDetector detector;
};

std::unique_ptr<sys::LinuxInotify> RealInotify() {
  auto inotify = sys::LinuxInotify::Create();
  REQUIRE(inotify.ok());
  return std::move(inotify).value();
}

Payload Secrets(const std::string& jwt) {
  return {{"jwt-secret", {jwt, 0440}}, {"db-password", {"db-password-value", 0440}}};
}

TEST_CASE("a kubelet ..data swap is read at once, without a quiet period") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write(Secrets("first-version"));
  auto inotify = RealInotify();
  Rig rig(writer.dir(), inotify.get());
  rig.detector.Start(rig.clock.MonotonicNow());
  CHECK(rig.Step().empty());

  writer.Write(Secrets("second-version"));
  std::vector<DetectedChange> changes = rig.Step();  // same instant: no debounce
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].keys == std::vector<std::string>{"jwt-secret"});
  CHECK(rig.detector.states()[0].volume->Find("jwt-secret")->content == "second-version");
  CHECK(rig.board.Read().watch_events > 0);
}

TEST_CASE("an identical swap and read noise are no change") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write(Secrets("same"));
  auto inotify = RealInotify();
  Rig rig(writer.dir(), inotify.get());
  rig.detector.Start(rig.clock.MonotonicNow());
  const std::string before = rig.detector.CombinedFingerprint();

  writer.skip_unchanged = false;
  REQUIRE(writer.Write(Secrets("same")));  // a new version directory, same bytes
  writer.ReadNoise();
  CHECK(rig.Step().empty());
  rig.Advance(milliseconds(200));
  CHECK(rig.Step().empty());
  CHECK(rig.detector.CombinedFingerprint() == before);
}

TEST_CASE("keys added and removed are named, without values") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write(Secrets("v1"));
  auto inotify = RealInotify();
  Rig rig(writer.dir(), inotify.get());
  rig.detector.Start(rig.clock.MonotonicNow());
  writer.Write({{"jwt-secret", {"v1", 0440}}, {"tls.crt", {"cert", 0444}}});
  auto changes = rig.Step();
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].keys == std::vector<std::string>{"+tls.crt", "-db-password"});
}

TEST_CASE("a plain directory is read after its quiet period, restarted by each event") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  auto inotify = RealInotify();
  watch::DetectorOptions options;
  options.debounce = milliseconds(100);
  Rig rig(tmp.Sub("plain"), inotify.get(), options);
  rig.detector.Start(rig.clock.MonotonicNow());

  WriteFile(tmp.Sub("plain/jwt-secret"), "v2-half", 0440);  // in place: CLOSE_WRITE
  CHECK(rig.Step().empty());
  rig.Advance(milliseconds(60));
  WriteFile(tmp.Sub("plain/jwt-secret"), "v2-complete", 0440);
  CHECK(rig.Step().empty());
  rig.Advance(milliseconds(60));  // 120 ms after the first event, 60 after the last
  CHECK(rig.Step().empty());
  rig.Advance(milliseconds(40));
  auto changes = rig.Step();
  REQUIRE(changes.size() == 1);
  CHECK(rig.detector.states()[0].volume->Find("jwt-secret")->content == "v2-complete");
}

TEST_CASE("a plain directory updated by rename is seen") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  auto inotify = RealInotify();
  Rig rig(tmp.Sub("plain"), inotify.get());
  rig.detector.Start(rig.clock.MonotonicNow());
  WriteFile(tmp.Sub("plain/.jwt-secret.tmp"), "v2", 0440);
  std::filesystem::rename(tmp.Sub("plain/.jwt-secret.tmp"), tmp.Sub("plain/jwt-secret"));
  CHECK(rig.Step().empty());
  rig.Advance(milliseconds(100));
  CHECK(rig.Step().size() == 1);
}

TEST_CASE("a queue overflow rescans every directory") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  FakeInotify inotify;
  Rig rig(tmp.Sub("plain"), &inotify);
  rig.detector.Start(rig.clock.MonotonicNow());
  WriteFile(tmp.Sub("plain/jwt-secret"), "v2", 0440);  // the fake queues no event for it
  CHECK(rig.Step().empty());
  inotify.QueueOverflow();
  CHECK(rig.Step().size() == 1);
  CHECK(rig.board.Read().watch_errors.at("overflow") == 1);
}

TEST_CASE("the watch limit falls back to polling, loudly") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  FakeInotify inotify;
  inotify.watch_limit_reached = true;
  Rig rig(tmp.Sub("plain"), &inotify);
  rig.detector.Start(rig.clock.MonotonicNow());

  status::StatusSnapshot status = rig.board.Read();
  CHECK(status.watcher.mode == "polling");
  REQUIRE(status.watcher.problems.size() == 1);
  CHECK(status.watcher.problems[0].find("watch limit") != std::string::npos);
  CHECK(status.watch_errors.at("watch_limit") == 1);
  REQUIRE_FALSE(rig.log.empty());
  CHECK(rig.log.back().find("max_user_watches") != std::string::npos);

  WriteFile(tmp.Sub("plain/jwt-secret"), "v2", 0440);
  CHECK(rig.detector.NextDeadline() == rig.clock.MonotonicNow() + milliseconds(1000));
  rig.Advance(milliseconds(999));
  CHECK(rig.Step().empty());
  rig.Advance(milliseconds(1));
  CHECK(rig.Step().size() == 1);
}

TEST_CASE("polling ends when the safety rescan finds a free watch") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  FakeInotify inotify;
  inotify.watch_limit_reached = true;
  watch::DetectorOptions options;
  options.rescan_interval = milliseconds(5000);
  Rig rig(tmp.Sub("plain"), &inotify, options);
  rig.detector.Start(rig.clock.MonotonicNow());
  inotify.watch_limit_reached = false;
  rig.Advance(milliseconds(5000));
  (void)rig.Step();
  CHECK(rig.board.Read().watcher.mode == "inotify");
  CHECK(rig.board.Read().watcher.problems.empty());
}

TEST_CASE("no inotify instance at all: every directory is polled") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  sys::PosixFileSystem fs;
  FakeClock clock;
  status::StatusBoard board("test");
  ChangeDetector detector(
      {{tmp.Sub("plain"), true, {}}}, fs, nullptr, board, [](base::LogLevel, const std::string&) {},
      {}, "inotify instance limit reached");
  detector.Start(clock.MonotonicNow());
  CHECK(board.Read().watcher.mode == "polling");
  CHECK(board.Read().watch_errors.at("no_inotify") == 1);
}

TEST_CASE("a deleted directory is re-armed with backoff and read when it returns") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write(Secrets("v1"));
  FakeInotify inotify;
  Rig rig(writer.dir(), &inotify);
  rig.detector.Start(rig.clock.MonotonicNow());

  std::filesystem::remove_all(writer.dir());
  inotify.QueueDeleted(writer.dir());
  inotify.failures[writer.dir()] = base::Status(base::StatusCode::kNotFound, "gone");
  auto gone = rig.Step();  // read at once: the secrets are gone
  REQUIRE(gone.size() == 1);
  CHECK(rig.detector.states()[0].error.code() == base::StatusCode::kNotFound);
  CHECK(rig.board.Read().watch_errors.at("directory_gone") == 1);

  // Backoff: 100, 200, 400 ms between attempts.
  const int calls = inotify.add_calls;
  rig.Advance(milliseconds(100));
  (void)rig.Step();
  rig.Advance(milliseconds(100));
  (void)rig.Step();
  CHECK(inotify.add_calls == calls + 1);
  rig.Advance(milliseconds(100));
  (void)rig.Step();
  CHECK(inotify.add_calls == calls + 2);

  AtomicWriter again(writer.dir());
  again.Write(Secrets("v2"));
  inotify.failures.clear();
  rig.Advance(milliseconds(400));
  auto back = rig.Step();
  REQUIRE(back.size() == 1);
  CHECK(rig.detector.states()[0].volume->Find("jwt-secret")->content == "v2");
  CHECK(rig.board.Read().watcher.problems.empty());
}

TEST_CASE("the safety rescan catches a change inotify did not report") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  FakeInotify inotify;
  watch::DetectorOptions options;
  options.rescan_interval = milliseconds(60000);
  Rig rig(tmp.Sub("plain"), &inotify, options);
  rig.detector.Start(rig.clock.MonotonicNow());
  WriteFile(tmp.Sub("plain/jwt-secret"), "v2", 0440);  // as on NFS: no event
  CHECK(rig.detector.NextDeadline() == rig.clock.MonotonicNow() + milliseconds(60000));
  rig.Advance(milliseconds(59999));
  CHECK(rig.Step().empty());
  rig.Advance(milliseconds(1));
  CHECK(rig.Step().size() == 1);
}

TEST_CASE("a requested rescan (SIGHUP) reads everything at once") {
  TempDir tmp;
  WriteFile(tmp.Sub("plain/jwt-secret"), "v1", 0440);
  FakeInotify inotify;
  Rig rig(tmp.Sub("plain"), &inotify);
  rig.detector.Start(rig.clock.MonotonicNow());
  WriteFile(tmp.Sub("plain/jwt-secret"), "v2", 0440);
  rig.detector.RequestRescan();
  CHECK(rig.Step().size() == 1);
}

TEST_CASE("a dangling ..data is retried after the quiet period, not reported as content") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write(Secrets("v1"));
  auto inotify = RealInotify();
  Rig rig(writer.dir(), inotify.get());
  rig.detector.Start(rig.clock.MonotonicNow());
  const std::string version = writer.CurrentVersion();
  std::filesystem::rename(tmp.Sub("vol/" + version), tmp.Sub("vol/..moved"));
  std::filesystem::remove(tmp.Sub("vol/..data"));
  std::filesystem::create_directory_symlink("..nowhere", tmp.Sub("vol/..data"));
  CHECK(rig.Step().empty());  // CREATE ..data: read, dangling: try again later
  rig.Advance(milliseconds(100));
  CHECK(rig.Step().empty());
  std::filesystem::remove(tmp.Sub("vol/..data"));
  std::filesystem::create_directory_symlink("..moved", tmp.Sub("vol/..data"));
  rig.Advance(milliseconds(100));
  CHECK(rig.Step().empty());  // the same content as before
}

TEST_CASE("a ..data that stays dangling is reported as unreadable, not retried forever") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write(Secrets("v1"));
  auto inotify = RealInotify();
  Rig rig(writer.dir(), inotify.get());
  rig.detector.Start(rig.clock.MonotonicNow());
  std::filesystem::remove(tmp.Sub("vol/..data"));
  std::filesystem::create_directory_symlink("..nowhere", tmp.Sub("vol/..data"));
  std::vector<DetectedChange> changes;
  for (int i = 0; i <= ChangeDetector::kMaxUnsettledReads && changes.empty(); ++i) {
    changes = rig.Step();
    rig.Advance(milliseconds(100));
  }
  REQUIRE(changes.size() == 1);
  CHECK(rig.detector.states()[0].error.code() == base::StatusCode::kUnavailable);
  CHECK(rig.detector.NextDeadline() > rig.clock.MonotonicNow() + milliseconds(1000));
}

TEST_CASE("the parents of _FILE paths outside the secrets directories are watched too") {
  sys::MapEnvironment env({{"ATS_JWT_SECRET_FILE", "/etc/ats/jwt"},
                           {"ATS_DB_PASSWORD_FILE", "/etc/ats/db"},
                           {"ATS_TLS_CERT", "/run/tls/tls.crt"},
                           {"ATS_ENCRYPTION_KEY_FILE", "/secrets/encryption-key"}});
  auto sources = watch::PlanSources({"/secrets/", "/secrets"}, env);
  REQUIRE(sources.size() == 3);
  CHECK(sources[0].dir == "/secrets");
  CHECK(sources[0].secrets_dir);
  CHECK(sources[1].dir == "/etc/ats");
  CHECK_FALSE(sources[1].secrets_dir);
  CHECK(sources[1].files.size() == 2);
  CHECK(sources[2].dir == "/run/tls");
}

TEST_CASE("a _FILE source changes when its file does, not when a neighbour does") {
  TempDir tmp;
  WriteFile(tmp.Sub("etc/jwt"), "v1", 0440);
  WriteFile(tmp.Sub("etc/unrelated"), "x", 0644);
  auto inotify = RealInotify();
  sys::PosixFileSystem fs;
  FakeClock clock;
  status::StatusBoard board("test");
  ChangeDetector detector({{tmp.Sub("etc"), false, {tmp.Sub("etc/jwt")}}}, fs, inotify.get(), board,
                          [](base::LogLevel, const std::string&) {}, {});
  detector.Start(clock.MonotonicNow());
  WriteFile(tmp.Sub("etc/unrelated"), "y", 0644);
  CHECK(detector.RunOnce(clock.MonotonicNow()).empty());
  clock.Advance(milliseconds(100));
  CHECK(detector.RunOnce(clock.MonotonicNow()).empty());
  WriteFile(tmp.Sub("etc/jwt"), "v2", 0440);
  CHECK(detector.RunOnce(clock.MonotonicNow()).empty());
  clock.Advance(milliseconds(100));
  CHECK(detector.RunOnce(clock.MonotonicNow()).size() == 1);
}

}  // namespace
}  // namespace atsguard::testing
