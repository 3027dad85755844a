#pragma once

#include <set>
#include <vector>

#include "sys/process_table.h"

namespace atsguard::testing {

// A process table a test fills in. Signals are recorded, not sent; a pid listed in
// `forbidden` answers EPERM like a process of another uid. Not thread-safe.
class FakeProcessTable : public sys::ProcessTable {
 public:
  base::Result<std::vector<sys::ProcessInfo>> List() const override {
    ++list_calls;
    return processes;
  }
  base::Result<uint64_t> StartTime(pid_t pid) const override {
    const sys::ProcessInfo* process = Find(pid);
    if (process == nullptr) return base::Status(base::StatusCode::kNotFound, "gone");
    return process->start_time;
  }
  base::Status Signal(pid_t pid, int signo) const override {
    if (Find(pid) == nullptr) return base::Status(base::StatusCode::kNotFound, "gone");
    if (forbidden.contains(pid)) {
      return base::Status(base::StatusCode::kPermissionDenied, "kill: Operation not permitted");
    }
    if (signo != 0) sent.push_back({pid, signo});
    return base::Status::Ok();
  }
  pid_t SelfPid() const override { return self; }
  uint32_t SelfUid() const override { return 1000; }

  sys::ProcessInfo& Add(pid_t pid, pid_t ppid, std::string comm, uint32_t uid = 1000) {
    processes.push_back({pid, ppid, comm, comm, {"/usr/bin/" + comm}, uid, 100});
    return processes.back();
  }
  const sys::ProcessInfo* Find(pid_t pid) const {
    for (const sys::ProcessInfo& process : processes) {
      if (process.pid == pid) return &process;
    }
    return nullptr;
  }
  void Remove(pid_t pid) {
    std::erase_if(processes, [&](const sys::ProcessInfo& p) { return p.pid == pid; });
  }

  std::vector<sys::ProcessInfo> processes;
  std::set<pid_t> forbidden;
  pid_t self = 2;
  mutable std::vector<std::pair<pid_t, int>> sent;
  mutable int list_calls = 0;
};

}  // namespace atsguard::testing
