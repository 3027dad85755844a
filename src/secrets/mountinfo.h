#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace atsguard::secrets {

// A mount whose source lies inside a kubelet `..<version>` directory: a secret,
// ConfigMap or projected volume mounted with subPath. It never receives updates
// (the container keeps the old inode until it restarts).
struct SubPathMount {
  std::string mount_point;  // where the container sees it
  std::string root;         // the path inside the volume, per /proc/self/mountinfo
};

// Parses /proc/self/mountinfo text (proc(5) format; octal escapes decoded) and returns
// the subPath mounts of AtomicWriter volumes. Malformed lines are skipped.
std::vector<SubPathMount> FindSubPathMounts(std::string_view mountinfo);

}  // namespace atsguard::secrets
