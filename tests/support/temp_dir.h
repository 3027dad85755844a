#pragma once

#include <string>

namespace atsguard::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path()/name
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes `content` to `path` with `mode`, creating parent directories. Aborts the test
// on failure (REQUIRE).
void WriteFile(const std::string& path, const std::string& content, unsigned mode = 0600);
std::string ReadFile(const std::string& path);

}  // namespace atsguard::testing
