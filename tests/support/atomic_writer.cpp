#include "support/atomic_writer.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>

#include "support/temp_dir.h"

namespace atsguard::testing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kData = "..data";
constexpr const char* kDataTmp = "..data_tmp";

std::string TopLevel(const std::string& key) { return key.substr(0, key.find('/')); }

void Check(bool ok, const std::string& what) {
  if (!ok) FAIL("AtomicWriter: " << what << ": " << std::strerror(errno));
}

}  // namespace

AtomicWriter::AtomicWriter(std::string dir, std::optional<gid_t> fs_group)
    : dir_(std::move(dir)), fs_group_(fs_group) {
  fs::create_directories(dir_);
}

std::string AtomicWriter::CurrentVersion() const {
  char buf[4096];
  ssize_t n = ::readlink((dir_ + "/" + kData).c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

// "..2026_12_03_15_52_21.3850881455": UTC time as Go's "2006_01_02_15_04_05", then the
// random decimal suffix os.MkdirTemp adds. Never parsed by the code under test.
std::string AtomicWriter::NewVersionName() const {
  static std::mt19937 rng(std::random_device{}());
  std::time_t now = std::time(nullptr);
  struct tm tm {};
  gmtime_r(&now, &tm);
  char stamp[64];
  std::strftime(stamp, sizeof stamp, "..%Y_%m_%d_%H_%M_%S.", &tm);
  return stamp + std::to_string(rng());
}

bool AtomicWriter::Unchanged(const std::string& old_version, const Payload& payload) const {
  if (old_version.empty()) return false;
  std::set<std::string> old_keys;
  const fs::path old_dir = fs::path(dir_) / old_version;
  for (const auto& entry : fs::recursive_directory_iterator(old_dir)) {
    if (entry.is_regular_file()) old_keys.insert(fs::relative(entry.path(), old_dir).string());
  }
  for (const std::string& key : old_keys) {
    if (!payload.contains(key)) return false;  // a key was removed
  }
  for (const auto& [key, file] : payload) {
    // Modes are not compared: the kubelet writes only when bytes change.
    if (!old_keys.contains(key) || ReadFile((old_dir / key).string()) != file.content) {
      return false;
    }
  }
  return true;
}

bool AtomicWriter::Write(const Payload& payload) {
  const std::string old_version = CurrentVersion();  // step 1
  if (Unchanged(old_version, payload)) return false;  // step 2

  // Step 3: mkdir 0700, then chmod 0755.
  const std::string version = NewVersionName();
  const std::string version_dir = dir_ + "/" + version;
  Check(::mkdir(version_dir.c_str(), 0700) == 0, "mkdir " + version_dir);
  Check(::chmod(version_dir.c_str(), 0755) == 0, "chmod " + version_dir);
  Step(WriterStep::kCreatedVersionDir);

  // Step 4: each file with its mode.
  for (const auto& [key, file] : payload) {
    const fs::path path = fs::path(version_dir) / key;
    fs::create_directories(path.parent_path());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    Check(fd >= 0, "open " + path.string());
    Check(::write(fd, file.content.data(), file.content.size()) ==
              static_cast<ssize_t>(file.content.size()),
          "write " + path.string());
    Check(::close(fd) == 0, "close");
    Check(::chmod(path.c_str(), file.mode) == 0, "chmod " + path.string());
  }
  // Step 5: fsGroup ownership: group set, files gain 0440, directories gain setgid.
  if (fs_group_) {
    for (const auto& entry : fs::recursive_directory_iterator(version_dir)) {
      const std::string p = entry.path().string();
      if (::geteuid() == 0) Check(::lchown(p.c_str(), static_cast<uid_t>(-1), *fs_group_) == 0, "chown");
      struct stat st {};
      Check(::lstat(p.c_str(), &st) == 0, "lstat");
      mode_t mode = st.st_mode & 07777;
      mode |= S_ISDIR(st.st_mode) ? S_ISGID : 0440;
      Check(::chmod(p.c_str(), mode) == 0, "chmod fsGroup");
    }
    if (::geteuid() == 0) Check(::lchown(version_dir.c_str(), static_cast<uid_t>(-1), *fs_group_) == 0, "chown");
    Check(::chmod(version_dir.c_str(), 0755 | S_ISGID) == 0, "chmod setgid");
  }
  Step(WriterStep::kWroteFiles);

  // Step 6: ..data_tmp -> new version (relative target, as the kubelet writes it).
  const std::string data_tmp = dir_ + "/" + kDataTmp;
  ::unlink(data_tmp.c_str());
  Check(::symlink(version.c_str(), data_tmp.c_str()) == 0, "symlink ..data_tmp");
  Step(WriterStep::kLinkedDataTmp);

  // Step 7: the atomic switch.
  Check(::rename(data_tmp.c_str(), (dir_ + "/" + kData).c_str()) == 0, "rename ..data");
  Step(WriterStep::kSwappedData);

  // Step 8: visible symlinks for new top-level keys.
  std::set<std::string> top_level;
  for (const auto& [key, file] : payload) top_level.insert(TopLevel(key));
  for (const std::string& name : top_level) {
    const std::string link = dir_ + "/" + name;
    struct stat st {};
    if (::lstat(link.c_str(), &st) != 0) {
      Check(::symlink((std::string(kData) + "/" + name).c_str(), link.c_str()) == 0,
            "symlink " + link);
    }
  }
  // Step 9: symlinks of removed keys.
  for (const auto& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("..") || top_level.contains(name)) continue;
    if (entry.is_symlink()) Check(::unlink(entry.path().c_str()) == 0, "unlink " + name);
  }
  Step(WriterStep::kUpdatedUserLinks);

  // Step 10: RemoveAll(old version), always last.
  if (!old_version.empty()) fs::remove_all(fs::path(dir_) / old_version);
  Step(WriterStep::kRemovedOldVersion);
  return true;
}

void AtomicWriter::ReadNoise() const {
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().filename().string().starts_with("..")) continue;
    if (entry.is_regular_file()) {
      (void)ReadFile(entry.path().string());
    } else if (entry.is_directory()) {  // a nested key's directory symlink
      for (const auto& nested : fs::recursive_directory_iterator(entry.path())) {
        if (nested.is_regular_file()) (void)ReadFile(nested.path().string());
      }
    }
  }
}

}  // namespace atsguard::testing
