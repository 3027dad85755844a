#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace atsguard::testing {

// One key of a Secret as the kubelet projects it.
struct ProjectedFile {
  std::string content;
  unsigned mode = 0644;  // defaultMode / items[].mode
};

using Payload = std::map<std::string, ProjectedFile>;  // key ("jwt-secret", "conf/a/b") -> file

// The steps of one update, in the order the kubelet takes them (K8S-VOLUMES.md).
enum class WriterStep {
  kCreatedVersionDir,   // 3: ..<timestamp>.<random> made, files not yet written
  kWroteFiles,          // 4-5: files written (and chowned / chmodded for fsGroup)
  kLinkedDataTmp,       // 6: ..data_tmp -> new dir
  kSwappedData,         // 7: rename(..data_tmp, ..data): the commit point
  kUpdatedUserLinks,    // 8-9: visible symlinks added and removed
  kRemovedOldVersion,   // 10: old version directory removed
};

// A faithful emulation of the kubelet's AtomicWriter (kubernetes
// pkg/volume/util/atomic_writer.go) for tests: same directory names, modes, symlinks and
// syscall order, so a real inotify watch sees what it would see in a cluster.
class AtomicWriter {
 public:
  // `fs_group`: chown every entry to this group, add 0440 to files and setgid to dirs.
  explicit AtomicWriter(std::string dir, std::optional<gid_t> fs_group = std::nullopt);

  // One sync. Returns false for a no-op (no byte changed and no key removed: nothing is
  // written, as the kubelet does; missing visible symlinks are still re-created, as
  // kubelets since kubernetes#121472 do). Aborts the test on a failed syscall.
  bool Write(const Payload& payload);

  // A resync's read noise, without changing anything: the kubelet walks and reads the
  // current version directory (OPEN/ACCESS/CLOSE_NOWRITE of ..<version> on the volume's
  // watch) and the application reads its files through the visible symlinks.
  void ReadNoise() const;

  // False: write a new version even when no byte changed (a projected token volume that
  // refreshes, a remount), to test that an identical swap is no rotation.
  bool skip_unchanged = true;

  // Called after each step, e.g. to pause or to read the volume mid-update.
  std::function<void(WriterStep)> on_step;

  // The current ..data target ("" before the first write).
  std::string CurrentVersion() const;

  const std::string& dir() const { return dir_; }

 private:
  std::string NewVersionName() const;
  bool Unchanged(const std::string& old_version, const Payload& payload) const;
  std::set<std::string> OldPaths(const std::string& old_version) const;
  void CreateVisibleLinks(const Payload& payload) const;
  void ApplyFsGroup(const std::string& version_dir) const;
  void Step(WriterStep step) const {
    if (on_step) on_step(step);
  }

  std::string dir_;
  std::optional<gid_t> fs_group_;
};

}  // namespace atsguard::testing
