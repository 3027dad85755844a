#pragma once

#include <cstdint>

#include "sys/inotify_instance.h"

namespace atsguard::watch {

// What one inotify event on a watched directory means for the watcher (K8S-VOLUMES.md).
enum class EventClass {
  kIgnore,         // read noise, ..data_tmp, the new version directory, hidden temp files
  kCommit,         // `..data` renamed or created: a complete new kubelet version, read now
  kChange,         // a plain file changed: read after the quiet period
  kDirectoryGone,  // the watched directory was deleted, moved or unmounted: re-arm
  kOverflow,       // the kernel dropped events: rescan everything
};

EventClass Classify(const sys::InotifyEvent& event);

// The events a directory watch asks for: entries created, renamed in or out, written,
// removed or re-moded, and the directory itself going away. Never read events.
uint32_t DirectoryWatchMask();

}  // namespace atsguard::watch
