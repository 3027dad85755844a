#include "app/sidecar.h"

#include <doctest/doctest.h>

#include "crypto/random.h"
#include "policy/policy_loader.h"
#include "support/atomic_writer.h"
#include "support/fake_clock.h"
#include "support/recording_audit_sink.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

using std::chrono::milliseconds;

// Records reload requests, the jwt-secret on disk when each arrived, and how many audit
// lines had been written by then.
class RecordingTarget : public reload::ReloadTarget {
 public:
  RecordingTarget(std::string dir, const RecordingAuditSink& sink)
      : dir_(std::move(dir)), sink_(sink) {}
  std::string name() const override { return "recording"; }
  base::Status Check() override { return base::Status::Ok(); }
  void Reload(const reload::ReloadRequest&) override {
    delivered.push_back(ReadFile(dir_ + "/jwt-secret"));
    lines_written.push_back(sink_.lines().size());
  }
  std::vector<std::string> delivered;
  std::vector<size_t> lines_written;

 private:
  std::string dir_;
  const RecordingAuditSink& sink_;
};

// Development template where high findings block, so a weak jwt-secret (JWT-07, high)
// fails and a random one passes with a small set of inputs.
policy::Template SimpleTemplate() {
  auto tmpl = policy::ParsePolicy(R"({"extends": "development", "block_at": "high"})", "test");
  REQUIRE(tmpl.ok());
  return tmpl.value();
}

std::string StrongSecret() { return crypto::Base64Encode(crypto::RandomBytes(64).value()); }

Payload Volume(const std::string& jwt) { return {{"jwt-secret", {jwt, 0440}}}; }

struct Rig {
  explicit Rig(app::SidecarOptions options = {})
      : writer(tmp.Sub("vol")),
        env({{"ATS_ENVIRONMENT", "development"},
             {"ATS_JWT_ALGORITHM", "HS256"},
             {"ATS_JWT_EXPIRY_SECONDS", "900"}}),
        audit(sink, clock, env),
        board("development"),
        reporter(board, audit, clock),
        target(writer.dir(), sink) {
    canaries.push_back(StrongSecret());
    writer.Write(Volume(canaries.back()));
    inotify = std::move(sys::LinuxInotify::Create()).value();
    detector = std::make_unique<watch::ChangeDetector>(
        std::vector<watch::WatchSource>{{writer.dir(), true, {}}}, fs, inotify.get(), board,
        [](base::LogLevel, const std::string&) {}, watch::DetectorOptions{});
    options.mountinfo_path = tmp.Sub("no-mountinfo");
    sidecar = std::make_unique<app::Sidecar>(
        options, SimpleTemplate(), *detector, std::vector<reload::ReloadTarget*>{&target}, reporter,
        board, audit, env, fs, clock, [](base::LogLevel, const std::string&) {});
    sidecar->Start();
  }
  void Rotate(const std::string& jwt) {
    canaries.push_back(jwt);
    REQUIRE(writer.Write(Volume(jwt)));
  }
  void Step() { sidecar->RunOnce(); }

  TempDir tmp;
  AtomicWriter writer;
  sys::MapEnvironment env;
  sys::PosixFileSystem fs;
  FakeClock clock;
  RecordingAuditSink sink;
  audit::AuditLog audit;
  status::StatusBoard board;
  reload::ReloadReporter reporter;
  RecordingTarget target;
  std::unique_ptr<sys::Inotify> inotify;
  std::unique_ptr<watch::ChangeDetector> detector;
  std::unique_ptr<app::Sidecar> sidecar;
  std::vector<std::string> canaries;
};

TEST_CASE("the sidecar evaluates at start and publishes without reloading") {
  Rig rig;
  CHECK(rig.sidecar->evaluation().Passing());
  status::StatusSnapshot status = rig.board.Read();
  REQUIRE(status.evaluation);
  CHECK(status.evaluations.at("pass") == 1);
  CHECK(rig.target.delivered.empty());
}

TEST_CASE("a passing rotation reloads at once") {
  Rig rig;
  const std::string next = StrongSecret();
  rig.Rotate(next);
  rig.Step();
  CHECK(rig.target.delivered == std::vector<std::string>{next});
  status::StatusSnapshot status = rig.board.Read();
  CHECK(status.sources.at(rig.writer.dir()).changes == 1);
  CHECK(status.evaluations.at("pass") == 2);
  REQUIRE(rig.sink.Events("secret_change").size() == 1);
  CHECK(rig.sink.Events("secret_change")[0]["keys"][0] == "jwt-secret");
}

TEST_CASE("a rotation writes no audit line before its reload went out, then all in order") {
  Rig rig;
  const size_t at_start = rig.sink.lines().size();
  rig.Rotate(StrongSecret());
  rig.Step();
  REQUIRE(rig.target.lines_written.size() == 1);
  CHECK(rig.target.lines_written[0] == at_start);
  std::vector<std::string> types;
  for (const std::string& line : rig.sink.lines()) {
    types.push_back(nlohmann::json::parse(line)["event_type"]);
  }
  REQUIRE(types.size() > at_start + 1);
  CHECK(types[at_start] == "secret_change");
  CHECK(types.back() == "validation_verdict");
}

TEST_CASE("an identical swap reloads nothing") {
  Rig rig;
  rig.writer.skip_unchanged = false;
  for (int i = 0; i < 10; ++i) {
    REQUIRE(rig.writer.Write(Volume(rig.canaries.front())));
    rig.Step();
  }
  CHECK(rig.target.delivered.empty());
  CHECK(rig.board.Read().evaluations.at("pass") == 1);
}

TEST_CASE("a burst gives at most two reloads, the last with the final content") {
  Rig rig;
  for (int i = 0; i < 20; ++i) {
    rig.Rotate(StrongSecret());
    rig.Step();
    rig.clock.Advance(milliseconds(2));
  }
  CHECK(rig.target.delivered.size() == 1);  // leading edge
  CHECK(rig.sidecar->NextDeadline() <= rig.clock.MonotonicNow() + milliseconds(250));
  rig.clock.Advance(milliseconds(250));
  rig.Step();
  REQUIRE(rig.target.delivered.size() == 2);  // trailing edge
  CHECK(rig.target.delivered.back() == rig.canaries.back());
}

TEST_CASE("a failing rotation is withheld with an audit event, a passing one then reloads") {
  Rig rig;
  rig.Rotate("your-256-bit-secret");  // JWT-07 (high): blocks in this template
  rig.Step();
  CHECK(rig.target.delivered.empty());
  CHECK_FALSE(rig.sidecar->evaluation().Passing());
  auto withheld = rig.sink.Events("reload");
  REQUIRE(withheld.size() == 1);
  CHECK(withheld[0]["action_taken"] == "withhold_reload");
  CHECK(withheld[0]["severity"] == "high");
  CHECK(rig.board.Read().reload_counts.at({"recording", "skipped_invalid"}) == 1);
  CHECK(rig.board.Read().evaluations.at("fail") == 1);

  const std::string good = StrongSecret();
  rig.Rotate(good);
  rig.Step();  // no wait: a withheld reload starts no interval
  CHECK(rig.target.delivered == std::vector<std::string>{good});
}

TEST_CASE("--reload-on-invalid reloads a failing rotation, with an audit event") {
  app::SidecarOptions options;
  options.reload_on_invalid = true;
  Rig rig(options);
  rig.Rotate("your-256-bit-secret");
  rig.Step();
  CHECK(rig.target.delivered.size() == 1);
  REQUIRE(rig.sink.Events("reload_on_invalid").size() == 1);
  CHECK(rig.sink.Events("reload_on_invalid")[0]["severity"] == "high");
}

TEST_CASE("content changed back to what was delivered needs no trailing reload") {
  Rig rig;
  const std::string b = StrongSecret();
  rig.Rotate(b);
  rig.Step();
  rig.Rotate(StrongSecret());
  rig.Step();
  rig.Rotate(b);
  rig.Step();
  rig.clock.Advance(milliseconds(250));
  rig.Step();
  CHECK(rig.target.delivered == std::vector<std::string>{b});
}

TEST_CASE("every iteration beats the heartbeat, and the loop wakes for it when idle") {
  Rig rig;
  rig.clock.Advance(milliseconds(3000));
  rig.Step();
  CHECK(rig.board.Read().heartbeat == rig.clock.MonotonicNow());
  CHECK(rig.sidecar->NextDeadline() == rig.clock.MonotonicNow() + milliseconds(5000));
}

TEST_CASE("no secret value reaches an audit line") {
  Rig rig;
  rig.Rotate(StrongSecret());
  rig.Step();
  rig.Rotate("your-256-bit-secret");
  rig.Step();
  for (const std::string& line : rig.sink.lines()) {
    for (const std::string& canary : rig.canaries) CHECK(line.find(canary) == std::string::npos);
  }
}

}  // namespace
}  // namespace atsguard::testing
