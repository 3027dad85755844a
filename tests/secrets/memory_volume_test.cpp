// The snapshot reader on trees a real disk cannot easily produce, through the in-memory
// file system (the same one the snapshot fuzzer uses).
#include <doctest/doctest.h>

#include "secrets/volume_snapshot.h"
#include "support/memory_file_system.h"

namespace atsguard::testing {
namespace {

TEST_CASE("an in-memory kubelet volume reads like a real one") {
  MemoryFileSystem fs;
  fs.AddFile("/v/..2026_01_01_00_00_00.1/jwt-secret", "abc", 0440);
  fs.AddSymlink("/v/..data", "..2026_01_01_00_00_00.1");
  fs.AddSymlink("/v/jwt-secret", "..data/jwt-secret");
  auto snapshot = secrets::ReadVolume(fs, "/v");
  REQUIRE(snapshot.ok());
  CHECK(snapshot->kubelet_layout);
  REQUIRE(snapshot->files.size() == 1);
  CHECK(snapshot->files[0].content == "abc");
  CHECK(snapshot->files[0].mode == 0440);
}

TEST_CASE("..data pointing at itself, at a file or outside is an error or a finding, never a hang") {
  MemoryFileSystem self;
  self.AddDir("/v");
  self.AddSymlink("/v/..data", "..data");
  CHECK_FALSE(secrets::ReadVolume(self, "/v").ok());

  MemoryFileSystem file;
  file.AddFile("/v/..2026", "x");
  file.AddSymlink("/v/..data", "..2026");
  CHECK_FALSE(secrets::ReadVolume(file, "/v").ok());

  MemoryFileSystem outside;
  outside.AddFile("/etc/jwt-secret", "x");
  outside.AddSymlink("/v/..data", "/etc");
  auto snapshot = secrets::ReadVolume(outside, "/v");
  REQUIRE(snapshot.ok());  // an absolute ..data is odd but readable: it is what is mounted
  CHECK(snapshot->files.size() == 1);
}

TEST_CASE("a symlink loop inside a plain directory is a per-file error") {
  MemoryFileSystem fs;
  fs.AddSymlink("/v/a", "b");
  fs.AddSymlink("/v/b", "a");
  fs.AddFifo("/v/c");
  auto snapshot = secrets::ReadVolume(fs, "/v");
  REQUIRE(snapshot.ok());
  REQUIRE(snapshot->files.size() == 3);
  CHECK(snapshot->files[0].error.message().find("symlink loop") != std::string::npos);
  CHECK(snapshot->files[2].error.message().find("FIFO") != std::string::npos);
}

TEST_CASE("deep and wide trees are bounded") {
  MemoryFileSystem fs;
  std::string deep = "/v";
  for (int i = 0; i < 20; ++i) deep += "/d";
  fs.AddFile(deep + "/f", "x");
  for (int i = 0; i < 600; ++i) fs.AddFile("/w/f" + std::to_string(i), "x");
  auto snapshot = secrets::ReadVolume(fs, "/v");
  REQUIRE(snapshot.ok());
  CHECK(snapshot->files.empty());  // deeper than max_depth: not read
  auto wide = secrets::ReadVolume(fs, "/w");
  REQUIRE_FALSE(wide.ok());
  CHECK(wide.status().code() == base::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace atsguard::testing
