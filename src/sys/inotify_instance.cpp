#include "sys/inotify_instance.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace atsguard::sys {

namespace m = inotify_mask;
static_assert(m::kAttrib == IN_ATTRIB && m::kCloseWrite == IN_CLOSE_WRITE &&
              m::kMovedFrom == IN_MOVED_FROM && m::kMovedTo == IN_MOVED_TO &&
              m::kCreate == IN_CREATE && m::kDelete == IN_DELETE &&
              m::kDeleteSelf == IN_DELETE_SELF && m::kMoveSelf == IN_MOVE_SELF &&
              m::kUnmount == IN_UNMOUNT && m::kQueueOverflow == IN_Q_OVERFLOW &&
              m::kIgnored == IN_IGNORED && m::kOnlyDir == IN_ONLYDIR && m::kIsDir == IN_ISDIR);

using base::Result;
using base::Status;
using base::StatusCode;

Result<std::unique_ptr<LinuxInotify>> LinuxInotify::Create() {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    if (errno == EMFILE) {
      return Status(StatusCode::kResourceExhausted,
                    "inotify instance limit reached (fs.inotify.max_user_instances)");
    }
    return base::ErrnoStatus(errno, "inotify_init1");
  }
  return std::unique_ptr<LinuxInotify>(new LinuxInotify(fd));
}

LinuxInotify::~LinuxInotify() { ::close(fd_); }

Result<int> LinuxInotify::AddWatch(const std::string& path, uint32_t mask) {
  int wd = ::inotify_add_watch(fd_, path.c_str(), mask);
  if (wd >= 0) return wd;
  if (errno == ENOSPC) {
    return Status(StatusCode::kResourceExhausted,
                  path + ": inotify watch limit reached (fs.inotify.max_user_watches)");
  }
  if (errno == ENOTDIR) {
    return Status(StatusCode::kFailedPrecondition, path + ": not a directory");
  }
  return base::ErrnoStatus(errno, path);
}

void LinuxInotify::RemoveWatch(int wd) { ::inotify_rm_watch(fd_, wd); }

Result<std::vector<InotifyEvent>> LinuxInotify::ReadEvents() {
  std::vector<InotifyEvent> events;
  // Aligned as the kernel requires; large enough for many events per read(2).
  alignas(struct inotify_event) char buf[16384];
  while (true) {
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      return base::ErrnoStatus(errno, "read(inotify)");
    }
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      struct inotify_event header {};
      std::memcpy(&header, buf + off, sizeof header);
      InotifyEvent event{header.wd, header.mask, header.cookie, ""};
      if (header.len > 0) event.name = std::string(buf + off + sizeof header);  // NUL-padded
      events.push_back(std::move(event));
      off += static_cast<ssize_t>(sizeof header + header.len);
    }
  }
  return events;
}

}  // namespace atsguard::sys
