#include "secrets/volume_snapshot.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>

#include "support/atomic_writer.h"
#include "support/faulty_file_system.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

using secrets::ReadVolume;
using secrets::VolumeSnapshot;

std::string ContentOf(const VolumeSnapshot& snapshot, const std::string& key) {
  const secrets::SnapshotFile* file = snapshot.Find(key);
  REQUIRE(file != nullptr);
  return file->content;
}

TEST_CASE("a kubelet volume is read through ..data with real file modes") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write({{"jwt-secret", {"first", 0440}}, {"conf/app/settings", {"nested", 0644}}});
  sys::PosixFileSystem fs;
  auto snapshot = ReadVolume(fs, writer.dir());
  REQUIRE(snapshot.ok());
  CHECK(snapshot->kubelet_layout);
  CHECK(snapshot->version == writer.CurrentVersion());
  REQUIRE(snapshot->files.size() == 2);
  CHECK(ContentOf(*snapshot, "jwt-secret") == "first");
  CHECK(ContentOf(*snapshot, "conf/app/settings") == "nested");
  CHECK(snapshot->Find("jwt-secret")->mode == 0440);
  CHECK(snapshot->Find("jwt-secret")->path == writer.dir() + "/jwt-secret");
}

TEST_CASE("a snapshot taken at every step of an update sees one whole version") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write({{"jwt-secret", {"old-jwt", 0644}}, {"db-password", {"old-db", 0644}}});
  sys::PosixFileSystem fs;
  std::set<std::string> seen;
  writer.on_step = [&](WriterStep) {
    auto snapshot = ReadVolume(fs, writer.dir());
    REQUIRE(snapshot.ok());
    std::string jwt = ContentOf(*snapshot, "jwt-secret");
    std::string db = ContentOf(*snapshot, "db-password");
    // Never a mix of versions.
    CHECK(((jwt == "old-jwt" && db == "old-db") || (jwt == "new-jwt" && db == "new-db")));
    seen.insert(jwt);
  };
  writer.Write({{"jwt-secret", {"new-jwt", 0644}}, {"db-password", {"new-db", 0644}}});
  CHECK(seen == std::set<std::string>{"old-jwt", "new-jwt"});
}

TEST_CASE("identical content in a new version has the same content hash") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write({{"jwt-secret", {"same", 0644}}});
  sys::PosixFileSystem fs;
  auto before = ReadVolume(fs, writer.dir());
  REQUIRE(before.ok());
  // Force a new version directory with the same bytes: the kubelet does this for the
  // service-account token volume, and after a key is added then removed.
  writer.Write({{"jwt-secret", {"same", 0644}}, {"extra", {"x", 0644}}});
  writer.Write({{"jwt-secret", {"same", 0644}}});
  auto after = ReadVolume(fs, writer.dir());
  REQUIRE(after.ok());
  CHECK(after->version != before->version);
  CHECK(after->content_hash == before->content_hash);
  writer.Write({{"jwt-secret", {"changed", 0644}}});
  auto changed = ReadVolume(fs, writer.dir());
  REQUIRE(changed.ok());
  CHECK(changed->content_hash != before->content_hash);
}

TEST_CASE("a no-op sync writes nothing") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  CHECK(writer.Write({{"a", {"1", 0644}}}));
  const std::string version = writer.CurrentVersion();
  CHECK_FALSE(writer.Write({{"a", {"1", 0400}}}));  // modes are not compared
  CHECK(writer.CurrentVersion() == version);
}

TEST_CASE("removed keys disappear from the next snapshot") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write({{"a", {"1", 0644}}, {"b", {"2", 0644}}});
  writer.Write({{"a", {"1", 0644}}});
  sys::PosixFileSystem fs;
  auto snapshot = ReadVolume(fs, writer.dir());
  REQUIRE(snapshot.ok());
  CHECK(snapshot->Find("b") == nullptr);
  CHECK(::access((writer.dir() + "/b").c_str(), F_OK) != 0);
}

TEST_CASE("fsGroup ownership adds group read to every file") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"), static_cast<gid_t>(::getegid()));
  writer.Write({{"jwt-secret", {"x", 0400}}});
  sys::PosixFileSystem fs;
  auto snapshot = ReadVolume(fs, writer.dir());
  REQUIRE(snapshot.ok());
  CHECK(snapshot->Find("jwt-secret")->mode == 0440);
}

TEST_CASE("a dangling ..data is reported, not hung on") {
  TempDir tmp;
  WriteFile(tmp.Sub("vol/placeholder"), "x");
  REQUIRE(::symlink("..2026_01_01_00_00_00.1", tmp.Sub("vol/..data").c_str()) == 0);
  sys::PosixFileSystem fs;
  auto snapshot = ReadVolume(fs, tmp.Sub("vol"));
  REQUIRE_FALSE(snapshot.ok());
  CHECK(snapshot.status().code() == base::StatusCode::kUnavailable);
  CHECK(snapshot.status().message().find(tmp.Sub("vol")) != std::string::npos);
}

TEST_CASE("a plain directory is read as it is, hidden files skipped") {
  TempDir tmp;
  WriteFile(tmp.Sub("run/jwt-secret"), "abc", 0400);
  WriteFile(tmp.Sub("run/.jwt-secret.tmp"), "partial", 0400);
  sys::PosixFileSystem fs;
  auto snapshot = ReadVolume(fs, tmp.Sub("run"));
  REQUIRE(snapshot.ok());
  CHECK_FALSE(snapshot->kubelet_layout);
  REQUIRE(snapshot->files.size() == 1);
  CHECK(snapshot->files[0].content == "abc");
}

TEST_CASE("FIFOs, devices, symlink loops and huge files become per-file errors") {
  TempDir tmp;
  const std::string dir = tmp.Sub("run");
  WriteFile(dir + "/ok", "fine");
  REQUIRE(::mkfifo((dir + "/fifo").c_str(), 0600) == 0);
  REQUIRE(::symlink("/dev/zero", (dir + "/device").c_str()) == 0);
  REQUIRE(::symlink("loop-b", (dir + "/loop-a").c_str()) == 0);
  REQUIRE(::symlink("loop-a", (dir + "/loop-b").c_str()) == 0);
  WriteFile(dir + "/huge", std::string((1 << 20) + 1, 'x'));
  sys::PosixFileSystem fs;
  auto snapshot = ReadVolume(fs, dir);  // returns promptly: a FIFO without a writer never blocks
  REQUIRE(snapshot.ok());
  auto error_of = [&](const std::string& key) {
    const secrets::SnapshotFile* file = snapshot->Find(key);
    REQUIRE(file != nullptr);
    return file->error;
  };
  CHECK(error_of("ok").ok());
  CHECK(error_of("fifo").message().find("is a FIFO") != std::string::npos);
  CHECK(error_of("device").message().find("character device") != std::string::npos);
  CHECK(error_of("loop-a").message().find("symlink loop") != std::string::npos);
  CHECK(error_of("huge").code() == base::StatusCode::kResourceExhausted);
  CHECK(error_of("fifo").message().find(dir + "/fifo") != std::string::npos);
}

TEST_CASE("an unreadable file is an error naming it") {
  TempDir tmp;
  WriteFile(tmp.Sub("run/db-password"), "x");
  FaultyFileSystem fs;
  fs.FailReads(tmp.Sub("run/db-password"),
               base::ErrnoStatus(EACCES, tmp.Sub("run/db-password")));
  auto snapshot = ReadVolume(fs, tmp.Sub("run"));
  REQUIRE(snapshot.ok());
  CHECK(snapshot->files[0].error.code() == base::StatusCode::kPermissionDenied);
  CHECK(snapshot->files[0].error.message().find("db-password") != std::string::npos);
}

TEST_CASE("a missing directory or a file in its place fails with its name") {
  TempDir tmp;
  sys::PosixFileSystem fs;
  auto missing = ReadVolume(fs, tmp.Sub("nope"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == base::StatusCode::kNotFound);
  WriteFile(tmp.Sub("file"), "x");
  auto file = ReadVolume(fs, tmp.Sub("file"));
  REQUIRE_FALSE(file.ok());
  CHECK(file.status().message().find("not a directory") != std::string::npos);
}

TEST_CASE("the generator's marker is noticed") {
  TempDir tmp;
  WriteFile(tmp.Sub("gen/jwt-secret"), "x");
  WriteFile(tmp.Sub("gen/.ats-guard-generated"), "marker");
  sys::PosixFileSystem fs;
  auto snapshot = ReadVolume(fs, tmp.Sub("gen"));
  REQUIRE(snapshot.ok());
  CHECK(snapshot->generated_marker);
}

}  // namespace
}  // namespace atsguard::testing
