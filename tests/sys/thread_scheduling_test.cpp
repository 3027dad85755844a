#include "sys/thread_scheduling.h"

#include <doctest/doctest.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

namespace atsguard::sys {
namespace {

struct SchedAttr {
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
};

SchedAttr ThisThreadAttr() {
  SchedAttr attr{};
  REQUIRE(::syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) == 0);
  return attr;
}

// EEVDF custom slices (and their read-back through sched_getattr) arrived in Linux 6.12.
bool KernelHonoursSlices() {
  utsname name{};
  REQUIRE(::uname(&name) == 0);
  int major = 0, minor = 0;
  REQUIRE(std::sscanf(name.release, "%d.%d", &major, &minor) == 2);
  return major > 6 || (major == 6 && minor >= 12);
}

std::string ThisThreadComm() {
  std::ifstream in("/proc/thread-self/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

}  // namespace

TEST_CASE("a thread's slice is set, and its nice value is kept") {
  // In a thread of its own: the test runner's thread keeps its scheduling.
  std::thread([] {
    const pid_t tid = static_cast<pid_t>(::syscall(SYS_gettid));
    REQUIRE(::setpriority(PRIO_PROCESS, static_cast<id_t>(tid), 3) == 0);
    REQUIRE(SetThisThreadSlice(std::chrono::microseconds(700)).ok());
    SchedAttr attr = ThisThreadAttr();
    CHECK(attr.sched_policy == SCHED_OTHER);
    CHECK(attr.sched_nice == 3);
    if (KernelHonoursSlices()) {
      CHECK(attr.sched_runtime == 700000);
    } else {
      CHECK(attr.sched_runtime == 0);  // accepted and ignored
    }
    REQUIRE(SetThisThreadSlice(kThroughputSlice).ok());
    if (KernelHonoursSlices()) CHECK(ThisThreadAttr().sched_runtime == 10000000);
    CHECK(ThisThreadAttr().sched_nice == 3);
  }).join();
}

TEST_CASE("a slice outside the kernel's range is clamped, not refused") {
  std::thread([] {
    // EEVDF keeps custom slices between 0.1 and 100 ms.
    REQUIRE(SetThisThreadSlice(std::chrono::microseconds(1)).ok());
    if (KernelHonoursSlices()) CHECK(ThisThreadAttr().sched_runtime == 100000);
    REQUIRE(SetThisThreadSlice(std::chrono::seconds(1)).ok());
    if (KernelHonoursSlices()) CHECK(ThisThreadAttr().sched_runtime == 100000000);
  }).join();
}

TEST_CASE("a thread's name shows in /proc, cut at the kernel's 15 bytes") {
  std::thread([] {
    NameThisThread("http");
    CHECK(ThisThreadComm() == "http");
    NameThisThread("a-name-longer-than-fifteen-bytes");
    CHECK(ThisThreadComm() == "a-name-longer-t");
  }).join();
}

}  // namespace atsguard::sys
