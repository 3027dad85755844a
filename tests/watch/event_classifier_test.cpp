#include "watch/event_classifier.h"

#include <doctest/doctest.h>

namespace atsguard::testing {
namespace {

namespace m = sys::inotify_mask;
using watch::Classify;
using watch::EventClass;

TEST_CASE("events of a kubelet update are classified as K8S-VOLUMES.md says") {
  struct Row {
    uint32_t mask;
    const char* name;
    EventClass expected;
  };
  const Row rows[] = {
      {m::kCreate | m::kIsDir, "..2026_12_03_15_52_21.3850881455", EventClass::kIgnore},
      {m::kAttrib | m::kIsDir, "..2026_12_03_15_52_21.3850881455", EventClass::kIgnore},
      {m::kCreate, "..data_tmp", EventClass::kIgnore},
      {m::kMovedFrom, "..data_tmp", EventClass::kIgnore},
      {m::kMovedTo, "..data", EventClass::kCommit},
      {m::kCreate, "..data", EventClass::kCommit},  // a first write on some writers
      {m::kDelete, "..data", EventClass::kChange},
      {m::kCreate, "tls.crt", EventClass::kChange},  // a new key's visible symlink
      {m::kDelete, "db-password", EventClass::kChange},
      {m::kDelete | m::kIsDir, "..2026_12_03_15_50_01.12", EventClass::kIgnore},
      {m::kCloseWrite, "jwt-secret", EventClass::kChange},   // a plain directory in place
      {m::kMovedTo, "jwt-secret", EventClass::kChange},      // a plain directory by rename
      {m::kCreate, ".jwt-secret.tmp", EventClass::kIgnore},  // a writer's temp file
      {m::kCreate, ".ats-guard-generated", EventClass::kChange},
      {m::kDeleteSelf, "", EventClass::kDirectoryGone},
      {m::kIgnored, "", EventClass::kDirectoryGone},
      {m::kUnmount, "", EventClass::kDirectoryGone},
      {m::kMoveSelf, "", EventClass::kDirectoryGone},
      {m::kQueueOverflow, "", EventClass::kOverflow},
      {0x00000001 /* IN_ACCESS: read noise */, "jwt-secret", EventClass::kIgnore},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CAPTURE(row.mask);
    CHECK(Classify({1, row.mask, 0, row.name}) == row.expected);
  }
}

TEST_CASE("a directory watch asks for no read events and only directories") {
  const uint32_t mask = watch::DirectoryWatchMask();
  CHECK((mask & 0x00000001) == 0);  // IN_ACCESS
  CHECK((mask & 0x00000020) == 0);  // IN_OPEN
  CHECK((mask & 0x00000010) == 0);  // IN_CLOSE_NOWRITE
  CHECK((mask & m::kOnlyDir) != 0);
  CHECK((mask & m::kMovedTo) != 0);
  CHECK((mask & m::kDeleteSelf) != 0);
}

}  // namespace
}  // namespace atsguard::testing
