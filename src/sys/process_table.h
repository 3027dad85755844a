#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace atsguard::sys {

// One process as /proc shows it. Fields the caller may not read (another user's `exe`)
// are empty.
struct ProcessInfo {
  pid_t pid = 0;
  pid_t ppid = 0;
  std::string comm;               // /proc/PID/comm: at most 15 bytes, truncated by the kernel
  std::string exe_basename;       // basename of readlink(/proc/PID/exe); "" when not permitted
  std::vector<std::string> argv;  // /proc/PID/cmdline split at NUL
  uint32_t uid = 0;               // real uid (/proc/PID/status "Uid:")
  uint64_t start_time = 0;        // clock ticks after boot (/proc/PID/stat field 22): tells a
                                  // restarted process from a recycled PID
};

// The processes this container can see and signal: the seam for reload by signal.
// Implementations are stateless and safe to share between threads.
class ProcessTable {
 public:
  virtual ~ProcessTable() = default;

  // Every visible process. A process that exits while it is read is left out.
  virtual base::Result<std::vector<ProcessInfo>> List() const = 0;

  // The start time of one process (ProcessInfo::start_time); kNotFound when it is gone.
  // One read of /proc/PID/stat: checks a cached target before each reload signal.
  virtual base::Result<uint64_t> StartTime(pid_t pid) const = 0;

  // kill(pid, signo); signo 0 only checks permission. Fails with kNotFound (ESRCH) or
  // kPermissionDenied (EPERM: another uid and no CAP_KILL).
  virtual base::Status Signal(pid_t pid, int signo) const = 0;

  virtual pid_t SelfPid() const = 0;
  virtual uint32_t SelfUid() const = 0;
};

// The real table under `proc_root` (/proc).
class ProcfsProcessTable : public ProcessTable {
 public:
  explicit ProcfsProcessTable(std::string proc_root = "/proc") : root_(std::move(proc_root)) {}

  base::Result<std::vector<ProcessInfo>> List() const override;
  base::Result<uint64_t> StartTime(pid_t pid) const override;
  base::Status Signal(pid_t pid, int signo) const override;
  pid_t SelfPid() const override;
  uint32_t SelfUid() const override;

 private:
  base::Result<ProcessInfo> Get(pid_t pid) const;

  std::string root_;
};

}  // namespace atsguard::sys
