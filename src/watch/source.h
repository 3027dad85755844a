#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "secrets/volume_snapshot.h"
#include "sys/environment.h"
#include "sys/file_system.h"

namespace atsguard::watch {

// A directory the sidecar watches and what in it matters.
struct WatchSource {
  std::string dir;
  // A --secrets-dir, read whole as a volume snapshot; otherwise the parent directory of
  // <NAME>_FILE paths, of which only `files` matter.
  bool secrets_dir = true;
  std::vector<std::string> files;
};

// The secrets directories plus the parent directory of every <NAME>_FILE path (and path
// variables such as ATS_TLS_CERT) that is not itself a secrets directory, without
// duplicates, in a stable order.
std::vector<WatchSource> PlanSources(const std::vector<std::string>& secrets_dirs,
                                     const sys::Environment& env);

// What a source held when last read.
struct SourceState {
  std::optional<secrets::VolumeSnapshot> volume;  // a secrets directory that could be read
  base::Status error;  // why a secrets directory could not be read (kNotFound: missing)
  // Keyed content fingerprint: equal fingerprints mean nothing a rule reads has changed,
  // whatever happened to version directories or inodes.
  std::string fingerprint;
};

// Reads a source. `transient` is set (and the state should not replace the last one)
// when a kubelet volume was mid-update for every attempt: try again shortly.
SourceState ReadSource(const sys::FileSystem& fs, const WatchSource& source, bool* transient);

// Names of the keys whose content, mode or presence differs between two states of one
// secrets directory ("jwt-secret", "+tls.crt" added, "-db-password" removed). Never values.
std::vector<std::string> ChangedKeys(const SourceState& before, const SourceState& after);

}  // namespace atsguard::watch
