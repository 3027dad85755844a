#include "sys/process_table.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include "support/temp_dir.h"

namespace atsguard::sys {
namespace {

using testing::TempDir;
using testing::WriteFile;

// /proc/PID/stat from field 3 on: state, ppid, then 17 fields up to starttime (field 22).
std::string Stat(pid_t pid, const std::string& comm, pid_t ppid, uint64_t start_time) {
  std::string fields = "S " + std::to_string(ppid);
  for (int field = 5; field <= 21; ++field) fields += " 0";
  return std::to_string(pid) + " (" + comm + ") " + fields + " " + std::to_string(start_time) +
         " 0 0\n";
}

}  // namespace

TEST_CASE("StartTime reads /proc/PID/stat, whatever the process name holds") {
  TempDir proc;
  WriteFile(proc.Sub("41/stat"), Stat(41, "ats) (core", 1, 987654));
  ProcfsProcessTable table(proc.path());
  auto start = table.StartTime(41);
  REQUIRE(start.ok());
  CHECK(start.value() == 987654);

  auto listed = table.List();
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().start_time == 987654);
  CHECK(listed->front().ppid == 1);
  CHECK(listed->front().comm.empty());  // no comm file in this fake /proc
}

TEST_CASE("StartTime of a process that is gone, or of a garbled stat, is kNotFound") {
  TempDir proc;
  WriteFile(proc.Sub("42/stat"), "42 (truncated");
  WriteFile(proc.Sub("44/stat"), "44 (cut after the name)");
  ProcfsProcessTable table(proc.path());
  CHECK(table.StartTime(42).status().code() == base::StatusCode::kNotFound);
  CHECK(table.StartTime(44).status().code() == base::StatusCode::kNotFound);
  CHECK(table.StartTime(43).status().code() == base::StatusCode::kNotFound);
  CHECK(table.StartTime(43).status().message() == "process 43 is gone");
}

TEST_CASE("the real /proc gives this process the start time List reports") {
  ProcfsProcessTable table;
  auto start = table.StartTime(::getpid());
  REQUIRE(start.ok());
  CHECK(start.value() > 0);
  auto listed = table.List();
  REQUIRE(listed.ok());
  bool found = false;
  for (const ProcessInfo& process : listed.value()) {
    if (process.pid != ::getpid()) continue;
    found = true;
    CHECK(process.start_time == start.value());
  }
  CHECK(found);
}

}  // namespace atsguard::sys
