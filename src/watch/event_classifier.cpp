#include "watch/event_classifier.h"

#include "secrets/catalog.h"

namespace atsguard::watch {

namespace m = sys::inotify_mask;

namespace {

constexpr uint32_t kEntryChanges =
    m::kCreate | m::kMovedTo | m::kMovedFrom | m::kDelete | m::kCloseWrite | m::kAttrib;
constexpr uint32_t kSelfGone = m::kDeleteSelf | m::kMoveSelf | m::kUnmount | m::kIgnored;

}  // namespace

uint32_t DirectoryWatchMask() {
  return kEntryChanges | m::kDeleteSelf | m::kMoveSelf | m::kOnlyDir;
}

EventClass Classify(const sys::InotifyEvent& event) {
  if ((event.mask & m::kQueueOverflow) != 0) return EventClass::kOverflow;
  if (event.name.empty() && (event.mask & kSelfGone) != 0) return EventClass::kDirectoryGone;
  if ((event.mask & kEntryChanges) == 0) return EventClass::kIgnore;
  if (event.name == "..data") {
    // The kubelet renames ..data_tmp over ..data only once the new version directory is
    // complete (and a first write may create it): nothing more to wait for. ..data
    // disappearing is no commit: it is read after the quiet period like any change.
    return (event.mask & (m::kMovedTo | m::kCreate)) != 0 ? EventClass::kCommit
                                                          : EventClass::kChange;
  }
  // ..data_tmp, ..<version> (CREATE/ATTRIB of the new directory, DELETE of the old one)
  // and a writer's hidden temporary files say nothing about content that is already
  // visible; the generator's marker is the one hidden name a rule reads.
  if (event.name.starts_with(".") && event.name != secrets::kGeneratedMarker) {
    return EventClass::kIgnore;
  }
  return EventClass::kChange;
}

}  // namespace atsguard::watch
