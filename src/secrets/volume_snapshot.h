#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "sys/file_system.h"

namespace atsguard::secrets {

// One file of a secrets directory, read at a single version of the volume.
struct SnapshotFile {
  std::string key;        // path relative to the directory: "jwt-secret", "conf/app.yaml"
  std::string path;       // the user-visible path: DIR/key
  std::string real_path;  // the file actually read (DIR/..<version>/key in a kubelet volume)
  uint32_t mode = 0;      // permission bits of the real file
  std::string content;    // empty when `error` is set
  base::Status error;     // why the file could not be read (FIFO, too large, symlink loop, ...)
};

// A consistent view of one secrets directory. For a kubelet volume every file comes from
// the same `..data` version; for a plain directory, from one listing.
struct VolumeSnapshot {
  std::string dir;
  bool kubelet_layout = false;  // the directory has a `..data` symlink
  std::string version;          // the `..data` target (kubelet layout only); never parse it
  bool generated_marker = false;  // written by `check --generate-missing`
  std::vector<SnapshotFile> files;  // sorted by key
  // Keyed hash over every key, mode and content (or error). Equal hashes mean nothing a
  // rule could see has changed, whatever happened to directory names.
  std::string content_hash;

  const SnapshotFile* Find(const std::string& key) const;
};

struct SnapshotOptions {
  size_t max_file_bytes = 1 << 20;  // RULES.md: 1 MiB per file
  size_t max_files = 512;
  int max_depth = 4;
  int max_attempts = 8;  // re-reads when the volume changes while we read it
};

// Reads `dir` as one snapshot. A kubelet volume is read as the kubelet writes it
// (K8S-VOLUMES.md): readlink `..data`, read the files under that version, readlink again,
// and start over when the link moved or a file vanished. Per-file problems are recorded
// in the file, not returned. Fails with:
//   kNotFound / kPermissionDenied / kFailedPrecondition  the directory itself is unusable
//   kUnavailable        `..data` kept moving for max_attempts reads, or is dangling
//   kResourceExhausted  more than max_files files
base::Result<VolumeSnapshot> ReadVolume(const sys::FileSystem& fs, const std::string& dir,
                                        const SnapshotOptions& options = {});

}  // namespace atsguard::secrets
