#pragma once

#include <map>
#include <string>

#include "sys/file_system.h"

namespace atsguard::testing {

// The real file system, except that reads of chosen paths fail with a chosen Status:
// for failures a root test process cannot provoke (EACCES, EIO).
// Not thread-safe to configure; safe to read from once configured.
class FaultyFileSystem : public sys::PosixFileSystem {
 public:
  void FailReads(const std::string& path, base::Status status) { failures_[path] = status; }

  base::Result<std::string> ReadFile(const std::string& path, size_t max_bytes) const override {
    auto it = failures_.find(path);
    if (it != failures_.end()) return it->second;
    return PosixFileSystem::ReadFile(path, max_bytes);
  }

 private:
  std::map<std::string, base::Status> failures_;
};

}  // namespace atsguard::testing
