#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <optional>
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
  // written, as the kubelet does). Aborts the test on a failed syscall.
  bool Write(const Payload& payload);

  // A resync's read noise: open, read and close every visible file without changing any.
  void ReadNoise() const;

  // Called after each step, e.g. to pause or to read the volume mid-update.
  std::function<void(WriterStep)> on_step;

  // The current ..data target ("" before the first write).
  std::string CurrentVersion() const;

  const std::string& dir() const { return dir_; }

 private:
  std::string NewVersionName() const;
  bool Unchanged(const std::string& old_version, const Payload& payload) const;
  void Step(WriterStep step) const {
    if (on_step) on_step(step);
  }

  std::string dir_;
  std::optional<gid_t> fs_group_;
};

}  // namespace atsguard::testing
