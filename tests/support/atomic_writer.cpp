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
#include <vector>

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

// Every path under the old version, files and directories ("conf", "conf/a"), as the
// kubelet's pathsToRemove walks it.
std::set<std::string> AtomicWriter::OldPaths(const std::string& old_version) const {
  std::set<std::string> paths;
  if (old_version.empty()) return paths;
  const fs::path old_dir = fs::path(dir_) / old_version;
  std::error_code missing;
  for (auto it = fs::recursive_directory_iterator(old_dir, missing);
       it != fs::recursive_directory_iterator(); ++it) {
    paths.insert(fs::relative(it->path(), old_dir).string());
  }
  return paths;
}

bool AtomicWriter::Unchanged(const std::string& old_version, const Payload& payload) const {
  if (old_version.empty()) return false;
  const fs::path old_dir = fs::path(dir_) / old_version;
  for (const auto& [key, file] : payload) {
    // Modes are not compared: the kubelet writes only when bytes change.
    std::error_code missing;
    if (!fs::exists(fs::symlink_status(old_dir / key, missing)) ||
        ReadFile((old_dir / key).string()) != file.content) {
      return false;
    }
  }
  return true;
}

// Step 5 as the volume plugin's SetVolumeOwnership does it on the new version directory:
// lchown to the group, then files gain 0440 (read-only volume) and directories gain
// setgid and 0550; symlinks are left alone.
void AtomicWriter::ApplyFsGroup(const std::string& version_dir) const {
  std::vector<fs::path> entries = {version_dir};
  for (const auto& entry : fs::recursive_directory_iterator(version_dir)) {
    entries.push_back(entry.path());
  }
  for (const fs::path& path : entries) {
    Check(::lchown(path.c_str(), static_cast<uid_t>(-1), *fs_group_) == 0,
          "lchown " + path.string());
    struct stat st {};
    Check(::lstat(path.c_str(), &st) == 0, "lstat " + path.string());
    if (S_ISLNK(st.st_mode)) continue;
    mode_t mode = (st.st_mode & 07777) | 0440;
    if (S_ISDIR(st.st_mode)) mode |= S_ISGID | 0110;
    Check(::chmod(path.c_str(), mode) == 0, "chmod fsGroup " + path.string());
  }
}

// Step 8: visible symlinks for top-level keys that have none (readlink fails).
void AtomicWriter::CreateVisibleLinks(const Payload& payload) const {
  for (const auto& [key, file] : payload) {
    const std::string name = TopLevel(key);
    const std::string link = dir_ + "/" + name;
    char buf[4096];
    if (::readlink(link.c_str(), buf, sizeof buf) < 0 && errno == ENOENT) {
      Check(::symlink((std::string(kData) + "/" + name).c_str(), link.c_str()) == 0,
            "symlink " + link);
    }
  }
}

bool AtomicWriter::Write(const Payload& payload) {
  const std::string old_version = CurrentVersion();  // step 1
  // Paths of the old version that the payload no longer has (a removed key).
  std::set<std::string> to_remove = OldPaths(old_version);
  for (const auto& [key, file] : payload) {
    for (std::string sub = key; !sub.empty();) {
      to_remove.erase(sub);
      size_t slash = sub.rfind('/');
      sub = slash == std::string::npos ? "" : sub.substr(0, slash);
    }
  }
  if (skip_unchanged && to_remove.empty() && Unchanged(old_version, payload)) {  // step 2
    CreateVisibleLinks(payload);
    return false;
  }

  // Step 3: mkdir 0700 (MkdirTemp), then chmod 0755 whatever the umask.
  const std::string version = NewVersionName();
  const std::string version_dir = dir_ + "/" + version;
  Check(::mkdir(version_dir.c_str(), 0700) == 0, "mkdir " + version_dir);
  Check(::chmod(version_dir.c_str(), 0755) == 0, "chmod " + version_dir);
  Step(WriterStep::kCreatedVersionDir);

  // Step 4: each file as os.WriteFile writes it (created with its mode, minus the umask),
  // then chmod to the exact mode.
  for (const auto& [key, file] : payload) {
    const fs::path path = fs::path(version_dir) / key;
    fs::create_directories(path.parent_path());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, file.mode);
    Check(fd >= 0, "open " + path.string());
    Check(::write(fd, file.content.data(), file.content.size()) ==
              static_cast<ssize_t>(file.content.size()),
          "write " + path.string());
    Check(::close(fd) == 0, "close");
    Check(::chmod(path.c_str(), file.mode) == 0, "chmod " + path.string());
  }
  if (fs_group_) ApplyFsGroup(version_dir);  // step 5
  Step(WriterStep::kWroteFiles);

  // Step 6: ..data_tmp -> new version (relative target, as the kubelet writes it).
  const std::string data_tmp = dir_ + "/" + kDataTmp;
  Check(::symlink(version.c_str(), data_tmp.c_str()) == 0, "symlink ..data_tmp");
  Step(WriterStep::kLinkedDataTmp);

  // Step 7: the atomic switch.
  Check(::rename(data_tmp.c_str(), (dir_ + "/" + kData).c_str()) == 0, "rename ..data");
  Step(WriterStep::kSwappedData);

  CreateVisibleLinks(payload);  // step 8
  // Step 9: only top-level paths are visible symlinks; nested ones went with ..data.
  for (const std::string& path : to_remove) {
    if (path.find('/') == std::string::npos) {
      Check(::unlink((dir_ + "/" + path).c_str()) == 0, "unlink " + path);
    }
  }
  Step(WriterStep::kUpdatedUserLinks);

  // Step 10: RemoveAll(old version), always last.
  if (!old_version.empty()) fs::remove_all(fs::path(dir_) / old_version);
  Step(WriterStep::kRemovedOldVersion);
  return true;
}

void AtomicWriter::ReadNoise() const {
  const std::string version = CurrentVersion();
  if (!version.empty()) {
    // The kubelet's resync: walk the version directory and compare every file.
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(dir_) / version)) {
      if (entry.is_regular_file()) (void)ReadFile(entry.path().string());
    }
  }
  // The application reading its secrets through the visible names.
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
