#include "sys/process_table.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/strings.h"
#include "sys/proc_stat.h"

namespace atsguard::sys {

using base::Result;
using base::Status;
using base::StatusCode;

namespace {

// /proc files are small and report size 0: read to EOF with a fixed cap.
Result<std::string> ReadProcFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return base::ErrnoStatus(errno, path);
  std::string content;
  char buf[4096];
  while (content.size() < (1u << 16)) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    content.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return content;
}

bool AllDigits(const char* s) {
  if (*s == '\0') return false;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '9') return false;
  }
  return true;
}

// ppid (field 4) and starttime (field 22) from /proc/PID/stat.
bool ParseStat(const std::string& stat, ProcessInfo& info) {
  auto fields = ProcStatFields(stat);
  if (!fields || fields->size() < 20) return false;
  long long ppid = 0;
  long long start = 0;
  if (!base::ParseInt64((*fields)[1], &ppid) || !base::ParseInt64((*fields)[19], &start)) {
    return false;
  }
  info.ppid = static_cast<pid_t>(ppid);
  info.start_time = static_cast<uint64_t>(start);
  return true;
}

// ppid and start_time of info.pid from DIR/stat.
Status ReadStat(const std::string& dir, ProcessInfo& info) {
  auto stat = ReadProcFile(dir + "/stat");
  if (!stat.ok() || !ParseStat(stat.value(), info)) {
    return Status(StatusCode::kNotFound, "process " + std::to_string(info.pid) + " is gone");
  }
  return Status::Ok();
}

}  // namespace

Result<ProcessInfo> ProcfsProcessTable::Get(pid_t pid) const {
  const std::string dir = root_ + "/" + std::to_string(pid);
  ProcessInfo info;
  info.pid = pid;
  if (Status read = ReadStat(dir, info); !read.ok()) return read;
  if (auto comm = ReadProcFile(dir + "/comm"); comm.ok()) {
    info.comm = std::string(base::Trim(comm.value()));
  }
  if (auto cmdline = ReadProcFile(dir + "/cmdline"); cmdline.ok()) {
    std::string text = cmdline.value();
    if (!text.empty() && text.back() == '\0') text.pop_back();
    if (!text.empty()) info.argv = base::Split(text, '\0');
  }
  if (auto status = ReadProcFile(dir + "/status"); status.ok()) {
    for (const std::string& line : base::Split(status.value(), '\n')) {
      if (!line.starts_with("Uid:")) continue;
      long long uid = 0;
      std::vector<std::string> parts = base::Split(base::Trim(line.substr(4)), '\t');
      if (!parts.empty() && base::ParseInt64(base::Trim(parts[0]), &uid)) {
        info.uid = static_cast<uint32_t>(uid);
      }
    }
  }
  // Readable only for processes we may ptrace (same uid or CAP_SYS_PTRACE).
  char buf[4096];
  ssize_t n = ::readlink((dir + "/exe").c_str(), buf, sizeof buf);
  if (n > 0) {
    std::string exe(buf, static_cast<size_t>(n));
    if (exe.ends_with(" (deleted)")) exe.resize(exe.size() - 10);
    info.exe_basename = exe.substr(exe.rfind('/') + 1);
  }
  return info;
}

Result<uint64_t> ProcfsProcessTable::StartTime(pid_t pid) const {
  ProcessInfo info;
  info.pid = pid;
  if (Status read = ReadStat(root_ + "/" + std::to_string(pid), info); !read.ok()) return read;
  return info.start_time;
}

Result<std::vector<ProcessInfo>> ProcfsProcessTable::List() const {
  DIR* dir = ::opendir(root_.c_str());
  if (dir == nullptr) return base::ErrnoStatus(errno, root_);
  std::vector<pid_t> pids;
  while (struct dirent* entry = ::readdir(dir)) {
    if (AllDigits(entry->d_name)) pids.push_back(static_cast<pid_t>(std::atol(entry->d_name)));
  }
  ::closedir(dir);
  std::vector<ProcessInfo> processes;
  for (pid_t pid : pids) {
    auto info = Get(pid);
    if (info.ok()) processes.push_back(std::move(info).value());
  }
  return processes;
}

Status ProcfsProcessTable::Signal(pid_t pid, int signo) const {
  if (::kill(pid, signo) == 0) return Status::Ok();
  if (errno == ESRCH) {
    return Status(StatusCode::kNotFound, "process " + std::to_string(pid) + " is gone");
  }
  return base::ErrnoStatus(errno, "kill(" + std::to_string(pid) + ")");
}

pid_t ProcfsProcessTable::SelfPid() const { return ::getpid(); }
uint32_t ProcfsProcessTable::SelfUid() const { return ::getuid(); }

}  // namespace atsguard::sys
