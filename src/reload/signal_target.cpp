#include "reload/signal_target.h"

#include <map>
#include <set>

#include "base/strings.h"
#include "sys/signals.h"

namespace atsguard::reload {

using base::Status;
using base::StatusCode;

namespace {

std::string Basename(const std::string& path) { return path.substr(path.rfind('/') + 1); }

bool Matches(const sys::ProcessInfo& process, std::string_view name) {
  // The kernel truncates comm to 15 bytes, so a longer name is matched by exe or argv[0]
  // only: its first 15 bytes could be another program's.
  if (name.size() <= 15 && process.comm == name) return true;
  if (!process.exe_basename.empty() && process.exe_basename == name) return true;
  if (!process.argv.empty() && Basename(process.argv.front()) == name) return true;
  if (name.find_first_of(" /") != std::string_view::npos) {
    return base::Join(process.argv, " ").find(name) != std::string::npos;
  }
  return false;
}

std::string Describe(const sys::ProcessInfo& process) {
  return "pid " + std::to_string(process.pid) + " (" + process.comm + ")";
}

}  // namespace

std::vector<sys::ProcessInfo> FindTargets(const std::vector<sys::ProcessInfo>& processes,
                                          std::string_view name, pid_t self) {
  std::map<pid_t, const sys::ProcessInfo*> by_pid;
  for (const sys::ProcessInfo& process : processes) by_pid[process.pid] = &process;
  std::set<pid_t> excluded = {self};
  for (auto it = by_pid.find(self); it != by_pid.end(); it = by_pid.find(it->second->ppid)) {
    if (!excluded.insert(it->second->ppid).second) break;  // a cycle would be a /proc race
  }
  std::set<pid_t> matched;
  for (const sys::ProcessInfo& process : processes) {
    if (!excluded.contains(process.pid) && Matches(process, name)) matched.insert(process.pid);
  }
  std::vector<sys::ProcessInfo> roots;
  for (const sys::ProcessInfo& process : processes) {
    if (matched.contains(process.pid) && !matched.contains(process.ppid)) {
      roots.push_back(process);
    }
  }
  return roots;
}

SignalTarget::SignalTarget(std::string process_name, int signo, const sys::ProcessTable& processes,
                           ReloadReporter& reporter)
    : process_name_(std::move(process_name)),
      signo_(signo),
      processes_(processes),
      reporter_(reporter) {}

Status SignalTarget::NotFound(const std::vector<sys::ProcessInfo>& visible) const {
  // Without a shared process namespace a container sees its own process tree only.
  const pid_t self = processes_.SelfPid();
  std::map<pid_t, pid_t> parent;
  for (const sys::ProcessInfo& process : visible) parent[process.pid] = process.ppid;
  std::set<pid_t> lineage = {self};
  for (auto it = parent.find(self); it != parent.end(); it = parent.find(it->second)) {
    if (!lineage.insert(it->second).second) break;
  }
  bool only_own = true;
  for (const sys::ProcessInfo& process : visible) {
    // Ours: an ancestor of ats-guard, or a descendant (bounded walk: /proc may race).
    bool own = lineage.contains(process.pid);
    pid_t p = process.pid;
    for (int depth = 0; !own && depth < 64 && parent.contains(p); ++depth) {
      p = parent[p];
      own = p == self;
    }
    only_own = only_own && own;
  }
  if (only_own) {
    return Status(StatusCode::kNotFound,
                  "no process named '" + process_name_ + "': only this container's own " +
                      std::to_string(visible.size()) +
                      " processes are visible; the pod needs shareProcessNamespace: true");
  }
  return Status(StatusCode::kNotFound,
                "no process named '" + process_name_ + "' among " + std::to_string(visible.size()) +
                    " visible processes (not started yet? comm, exe or argv[0] must match)");
}

Status SignalTarget::Check() {
  auto visible = processes_.List();
  if (!visible.ok()) return visible.status();
  std::vector<sys::ProcessInfo> targets =
      FindTargets(visible.value(), process_name_, processes_.SelfPid());
  if (targets.empty()) return NotFound(visible.value());
  for (const sys::ProcessInfo& target : targets) {
    Status probe = processes_.Signal(target.pid, 0);
    if (probe.code() == StatusCode::kPermissionDenied) {
      return Status(StatusCode::kPermissionDenied,
                    process_name_ + " " + Describe(target) + " runs as uid " +
                        std::to_string(target.uid) + " and ats-guard as uid " +
                        std::to_string(processes_.SelfUid()) +
                        ": the kernel refuses the signal (EPERM); run both containers with "
                        "the same runAsUser");
    }
    if (!probe.ok()) return probe;
  }
  cached_ = targets;
  return Status::Ok();
}

std::vector<sys::ProcessInfo> SignalTarget::Resolve() {
  bool cache_valid = !cached_.empty();
  for (const sys::ProcessInfo& target : cached_) {
    // Same PID but another start time: the application restarted and the PID was reused.
    auto start_time = processes_.StartTime(target.pid);
    cache_valid = cache_valid && start_time.ok() && start_time.value() == target.start_time;
  }
  if (cache_valid) return cached_;
  auto visible = processes_.List();
  cached_ = visible.ok() ? FindTargets(visible.value(), process_name_, processes_.SelfPid())
                         : std::vector<sys::ProcessInfo>{};
  return cached_;
}

void SignalTarget::Reload(const ReloadRequest& request) {
  const std::string signal = sys::SignalName(signo_);
  std::vector<sys::ProcessInfo> targets = Resolve();
  if (targets.empty()) {
    auto visible = processes_.List();
    std::string why =
        visible.ok() ? NotFound(visible.value()).message() : visible.status().message();
    reporter_.Report(name(), "failure", 1, signal + " not sent: " + why, "high", "reload_failed",
                     request.reason);
    return;
  }
  std::vector<std::string> sent;
  std::vector<std::string> failed;
  for (const sys::ProcessInfo& target : targets) {
    Status status = processes_.Signal(target.pid, signo_);
    if (status.ok()) {
      sent.push_back(Describe(target));
    } else {
      failed.push_back(Describe(target) + ": " + status.message());
      cached_.clear();  // look it up again next time
    }
  }
  if (!sent.empty()) {
    reporter_.Report(name(), "success", 1, signal + " sent to " + base::Join(sent, ", "), "info",
                     "reload", request.reason);
  }
  if (!failed.empty()) {
    reporter_.Report(name(), "failure", 1, signal + " failed for " + base::Join(failed, "; "),
                     "high", "reload_failed", request.reason);
  }
}

}  // namespace atsguard::reload
