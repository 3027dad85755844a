#include "reload/signal_target.h"

#include <doctest/doctest.h>
#include <signal.h>

#include "support/fake_clock.h"
#include "support/fake_process_table.h"
#include "support/recording_audit_sink.h"

namespace atsguard::testing {
namespace {

using reload::FindTargets;

struct Rig {
  Rig() : audit(sink, clock, env), board("test"), reporter(board, audit, clock) {}
  FakeClock clock;
  sys::MapEnvironment env{{}};
  RecordingAuditSink sink;
  audit::AuditLog audit;
  status::StatusBoard board;
  reload::ReloadReporter reporter;
  FakeProcessTable processes;
};

TEST_CASE("a target is found by comm, exe basename, argv[0] or command line") {
  FakeProcessTable table;
  table.Add(1, 0, "pause");
  auto& server = table.Add(10, 1, "ats-core-server");  // comm: truncated by the kernel
  server.exe_basename = "ats-core-server-v2";
  server.argv = {"/opt/ats/bin/ats-core-server-v2", "--config", "/etc/ats/core.yaml"};
  struct Row {
    const char* name;
    bool found;
  };
  const Row rows[] = {{"ats-core-server", true},
                      {"ats-core-server-v3", false},  // same 15-byte comm, another program
                      {"ats-core-server-v2", true},   // exe basename, argv[0]
                      {"ats-core-server-v2-longer", false},
                      {"/etc/ats/core.yaml", true},  // command line
                      {"--config /etc", true},
                      {"core", false},
                      {"pause", true}};
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CHECK(FindTargets(table.processes, row.name, table.self).empty() == !row.found);
  }
}

TEST_CASE("only the root of a matching process tree is signalled") {
  FakeProcessTable table;
  table.Add(10, 1, "nginx");
  table.Add(11, 10, "nginx");
  table.Add(12, 10, "nginx");
  auto targets = FindTargets(table.processes, "nginx", table.self);
  REQUIRE(targets.size() == 1);
  CHECK(targets[0].pid == 10);
}

TEST_CASE("ats-guard and its ancestors never match their own command line") {
  FakeProcessTable table;
  table.self = 20;
  auto& shell = table.Add(19, 1, "sh");
  shell.argv = {"sh", "-c", "ats-guard watch --process-name /bin/app"};
  auto& self = table.Add(20, 19, "ats-guard");
  self.argv = {"ats-guard", "watch", "--process-name", "/bin/app"};
  CHECK(FindTargets(table.processes, "/bin/app", 20).empty());
}

TEST_CASE("the start-up check explains a missing shared process namespace") {
  Rig rig;
  rig.processes.self = 1;
  rig.processes.Add(1, 0, "ats-guard");
  reload::SignalTarget target("ats-core", SIGHUP, rig.processes, rig.reporter);
  base::Status check = target.Check();
  CHECK(check.code() == base::StatusCode::kNotFound);
  CHECK(check.message().find("shareProcessNamespace: true") != std::string::npos);
}

TEST_CASE("the start-up check tells a process not started yet from a namespace problem") {
  Rig rig;
  rig.processes.Add(1, 0, "pause");
  rig.processes.Add(2, 1, "ats-guard");
  rig.processes.Add(3, 1, "other");
  reload::SignalTarget target("ats-core", SIGHUP, rig.processes, rig.reporter);
  base::Status check = target.Check();
  CHECK(check.code() == base::StatusCode::kNotFound);
  CHECK(check.message().find("not started yet") != std::string::npos);
}

TEST_CASE("the start-up check names the uids when the kernel refuses the signal") {
  Rig rig;
  rig.processes.Add(1, 0, "pause");
  rig.processes.Add(7, 1, "ats-core", 2000);
  rig.processes.forbidden.insert(7);
  reload::SignalTarget target("ats-core", SIGHUP, rig.processes, rig.reporter);
  base::Status check = target.Check();
  CHECK(check.code() == base::StatusCode::kPermissionDenied);
  CHECK(check.message().find("uid 2000") != std::string::npos);
  CHECK(check.message().find("uid 1000") != std::string::npos);
}

TEST_CASE("a reload signals the target and is recorded as an audit event and on the board") {
  Rig rig;
  rig.processes.Add(1, 0, "pause");
  rig.processes.Add(7, 1, "ats-core");
  reload::SignalTarget target("ats-core", SIGUSR1, rig.processes, rig.reporter);
  REQUIRE(target.Check().ok());
  target.Reload({"jwt-secret changed"});
  REQUIRE(rig.processes.sent.size() == 1);
  CHECK(rig.processes.sent[0] == std::pair<pid_t, int>{7, SIGUSR1});
  auto events = rig.sink.Events("reload");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["action_taken"] == "reload");
  CHECK(events[0]["reason"] == "jwt-secret changed");
  CHECK(rig.board.Read().reload_counts.at({"signal:ats-core", "success"}) == 1);
}

TEST_CASE("a restarted target is found again under its new PID") {
  Rig rig;
  rig.processes.Add(1, 0, "pause");
  rig.processes.Add(7, 1, "ats-core");
  reload::SignalTarget target("ats-core", SIGHUP, rig.processes, rig.reporter);
  target.Reload({""});
  rig.processes.Remove(7);
  rig.processes.Add(9, 1, "ats-core");
  target.Reload({""});
  REQUIRE(rig.processes.sent.size() == 2);
  CHECK(rig.processes.sent[1].first == 9);
}

TEST_CASE("a recycled PID (same number, new start time) is looked up again") {
  Rig rig;
  rig.processes.Add(1, 0, "pause");
  rig.processes.Add(7, 1, "ats-core");
  reload::SignalTarget target("ats-core", SIGHUP, rig.processes, rig.reporter);
  target.Reload({""});
  const int lists = rig.processes.list_calls;
  target.Reload({""});
  CHECK(rig.processes.list_calls == lists);  // cache still valid: no /proc walk
  rig.processes.Remove(7);
  rig.processes.Add(7, 1, "other-program").start_time = 999;
  target.Reload({""});
  CHECK(rig.processes.list_calls == lists + 2);  // looked up, then listed for the message
  CHECK(rig.board.Read().reload_counts.at({"signal:ats-core", "failure"}) == 1);
}

TEST_CASE("a reload with no target process is a recorded failure") {
  Rig rig;
  rig.processes.Add(1, 0, "pause");
  reload::SignalTarget target("ats-core", SIGHUP, rig.processes, rig.reporter);
  target.Reload({""});
  auto events = rig.sink.Events("reload");
  REQUIRE(events.size() == 1);
  CHECK(events[0]["severity"] == "high");
  CHECK(events[0]["result"] == "failure");
}

}  // namespace
}  // namespace atsguard::testing
