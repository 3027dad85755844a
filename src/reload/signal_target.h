#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "reload/reload_reporter.h"
#include "reload/reload_target.h"
#include "sys/process_table.h"

namespace atsguard::reload {

// The processes `name` designates among `processes`: those whose comm (for names of at
// most 15 bytes, all the kernel keeps), exe basename or argv[0] basename equal `name`, or,
// when `name` holds a space
// or a '/', whose command line contains it. Only the roots of each matching tree are kept
// (nginx's master, not its workers: a worker would ignore the signal), and never `self`
// or its ancestors (a shell running ats-guard has its flags in its command line).
std::vector<sys::ProcessInfo> FindTargets(const std::vector<sys::ProcessInfo>& processes,
                                          std::string_view name, pid_t self);

// Reload by signal through the shared process namespace (shareProcessNamespace: true).
// The target is looked up again when its PID died or was recycled (start time compared),
// so a restarted application is found. Used from the watch loop only; not thread-safe.
class SignalTarget : public ReloadTarget {
 public:
  SignalTarget(std::string process_name, int signo, const sys::ProcessTable& processes,
               ReloadReporter& reporter);

  std::string name() const override { return "signal:" + process_name_; }

  // Ok when a matching process is visible and kill(pid, 0) succeeds. Otherwise the
  // message says which case it is: nothing but this container's own processes visible
  // (no shared process namespace), no such process yet, or another uid (EPERM).
  base::Status Check() override;

  void Reload(const ReloadRequest& request) override;

 private:
  // Cached targets still alive and unchanged, else a fresh lookup.
  std::vector<sys::ProcessInfo> Resolve();
  base::Status NotFound(const std::vector<sys::ProcessInfo>& visible) const;

  std::string process_name_;
  int signo_;
  const sys::ProcessTable& processes_;
  ReloadReporter& reporter_;
  std::vector<sys::ProcessInfo> cached_;
};

}  // namespace atsguard::reload
