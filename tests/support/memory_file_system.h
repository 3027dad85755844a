#pragma once

#include <map>
#include <string>

#include "sys/file_system.h"

namespace atsguard::testing {

// An in-memory file tree behind the FileSystem seam, with symlinks (relative or
// absolute, loops detected like the kernel's ELOOP), FIFOs and modes. For fuzzing the
// snapshot reader on arbitrary trees and for tests that need states a real disk cannot
// reach quickly. Paths are absolute. Writes are refused. Not thread-safe to modify.
class MemoryFileSystem : public sys::FileSystem {
 public:
  void AddDir(const std::string& path, uint32_t mode = 0755);
  void AddFile(const std::string& path, std::string content, uint32_t mode = 0644);
  void AddSymlink(const std::string& path, std::string target);
  void AddFifo(const std::string& path);

  base::Result<std::string> ReadFile(const std::string& path, size_t max_bytes) const override;
  base::Result<std::string> ReadLink(const std::string& path) const override;
  base::Result<std::vector<std::string>> ListDir(const std::string& path) const override;
  base::Result<sys::FileInfo> Stat(const std::string& path) const override;
  base::Result<sys::FileInfo> LStat(const std::string& path) const override;
  base::Status WriteFileAtomic(const std::string& path, const std::string& content,
                               uint32_t mode) const override;
  base::Status OverwriteFile(const std::string& path, const std::string& content,
                             bool create) const override;
  base::Status MakeDirs(const std::string& path, uint32_t mode) const override;

 private:
  struct Node {
    sys::FileType type = sys::FileType::kRegular;
    uint32_t mode = 0644;
    std::string data;  // file content or symlink target
  };

  // The canonical path `path` refers to, following symlinks (the last one only when
  // `follow_last`). ELOOP after 40 links, ENOENT for a missing component.
  base::Result<std::string> Resolve(const std::string& path, bool follow_last) const;
  void AddParents(const std::string& path);
  base::Result<sys::FileInfo> InfoOf(const std::string& canonical) const;

  std::map<std::string, Node> nodes_;  // canonical path -> node ("/" implicit)
};

}  // namespace atsguard::testing
