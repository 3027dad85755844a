#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace atsguard::sys {

enum class FileType { kRegular, kDirectory, kSymlink, kFifo, kSocket, kCharDevice, kBlockDevice, kOther };

// Human name for a file type, as used in messages ("a FIFO", "a directory").
const char* DescribeFileType(FileType type);

struct FileInfo {
  FileType type = FileType::kOther;
  uint32_t mode = 0;  // permission bits only (st_mode & 07777)
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t size = 0;
  uint64_t device = 0;
  uint64_t inode = 0;
};

// The files the guard reads and writes. The one seam for file access: only
// implementations of this interface call open/read/readlink/stat.
// Implementations are stateless and safe to share between threads.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Reads a regular file, following symlinks, up to `max_bytes`. Never blocks on FIFOs
  // and never reads devices. Fails with:
  //   kNotFound, kPermissionDenied    the usual errno cases, message names the path
  //   kFailedPrecondition             not a regular file (FIFO, device, directory) or a symlink loop
  //   kResourceExhausted              larger than max_bytes
  virtual base::Result<std::string> ReadFile(const std::string& path, size_t max_bytes) const = 0;

  // The target of a symlink, unresolved. kInvalidArgument when `path` is not a symlink.
  virtual base::Result<std::string> ReadLink(const std::string& path) const = 0;

  // Names in a directory, without "." and "..", sorted.
  virtual base::Result<std::vector<std::string>> ListDir(const std::string& path) const = 0;

  // stat (follows symlinks) and lstat (does not).
  virtual base::Result<FileInfo> Stat(const std::string& path) const = 0;
  virtual base::Result<FileInfo> LStat(const std::string& path) const = 0;

  // Writes `content` to `path` with permission bits `mode`: a new file is created next
  // to it and renamed over it, so readers never see half a file.
  virtual base::Status WriteFileAtomic(const std::string& path, const std::string& content,
                                       uint32_t mode) const = 0;

  // Truncates and writes `path` in place (for /dev/termination-log, a bind-mounted file
  // that cannot be renamed over). With `create` false a missing file is kNotFound.
  virtual base::Status OverwriteFile(const std::string& path, const std::string& content,
                                     bool create) const = 0;

  // Creates a directory (and its parents) with `mode`; existing directories are fine.
  virtual base::Status MakeDirs(const std::string& path, uint32_t mode) const = 0;
};

// The real file system through POSIX calls.
class PosixFileSystem : public FileSystem {
 public:
  base::Result<std::string> ReadFile(const std::string& path, size_t max_bytes) const override;
  base::Result<std::string> ReadLink(const std::string& path) const override;
  base::Result<std::vector<std::string>> ListDir(const std::string& path) const override;
  base::Result<FileInfo> Stat(const std::string& path) const override;
  base::Result<FileInfo> LStat(const std::string& path) const override;
  base::Status WriteFileAtomic(const std::string& path, const std::string& content,
                               uint32_t mode) const override;
  base::Status OverwriteFile(const std::string& path, const std::string& content,
                             bool create) const override;
  base::Status MakeDirs(const std::string& path, uint32_t mode) const override;
};

// Joins two path pieces with exactly one '/'.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace atsguard::sys
