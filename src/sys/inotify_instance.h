#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace atsguard::sys {

// Event bits, with the kernel's values (inotify(7)); inotify_instance.cpp checks they match.
namespace inotify_mask {
inline constexpr uint32_t kAttrib = 0x00000004;
inline constexpr uint32_t kCloseWrite = 0x00000008;
inline constexpr uint32_t kMovedFrom = 0x00000040;
inline constexpr uint32_t kMovedTo = 0x00000080;
inline constexpr uint32_t kCreate = 0x00000100;
inline constexpr uint32_t kDelete = 0x00000200;
inline constexpr uint32_t kDeleteSelf = 0x00000400;
inline constexpr uint32_t kMoveSelf = 0x00000800;
inline constexpr uint32_t kUnmount = 0x00002000;
inline constexpr uint32_t kQueueOverflow = 0x00004000;
inline constexpr uint32_t kIgnored = 0x00008000;
inline constexpr uint32_t kOnlyDir = 0x01000000;
inline constexpr uint32_t kIsDir = 0x40000000;
}  // namespace inotify_mask

struct InotifyEvent {
  int wd = -1;        // -1 for a queue overflow
  uint32_t mask = 0;  // inotify_mask bits
  uint32_t cookie = 0;
  std::string name;  // entry name inside the watched directory; "" for the directory itself
};

// The inotify instance the watcher uses: the one seam for inotify_* calls, so tests can
// inject a full watch table (ENOSPC), queue overflows and vanished directories.
// Not thread-safe: the watch loop owns it.
class Inotify {
 public:
  virtual ~Inotify() = default;

  // Watches `path` for `mask`. Returns the watch descriptor. Fails with:
  //   kResourceExhausted  the per-user watch limit is reached (ENOSPC)
  //   kNotFound / kPermissionDenied / kFailedPrecondition (not a directory with kOnlyDir)
  virtual base::Result<int> AddWatch(const std::string& path, uint32_t mask) = 0;

  // Stops a watch; the kernel then queues an IN_IGNORED event for it.
  virtual void RemoveWatch(int wd) = 0;

  // Events queued so far, without blocking; empty when there are none.
  virtual base::Result<std::vector<InotifyEvent>> ReadEvents() = 0;

  // A descriptor that polls readable when events are queued; -1 when there is none
  // (fakes: the loop is driven by RunOnce calls).
  virtual int fd() const = 0;
};

// The kernel's inotify. Create() fails with kResourceExhausted when the per-user instance
// limit (EMFILE) is reached: the caller falls back to polling.
class LinuxInotify : public Inotify {
 public:
  static base::Result<std::unique_ptr<LinuxInotify>> Create();
  ~LinuxInotify() override;
  LinuxInotify(const LinuxInotify&) = delete;
  LinuxInotify& operator=(const LinuxInotify&) = delete;

  base::Result<int> AddWatch(const std::string& path, uint32_t mask) override;
  void RemoveWatch(int wd) override;
  base::Result<std::vector<InotifyEvent>> ReadEvents() override;
  int fd() const override { return fd_; }

 private:
  explicit LinuxInotify(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace atsguard::sys
