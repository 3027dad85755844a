#include "sys/thread_scheduling.h"

#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

namespace atsguard::sys {

namespace {

// struct sched_attr of sched_setattr(2); glibc 2.36 declares neither the struct nor a
// wrapper, and <linux/sched/types.h> clashes with <sched.h>.
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

}  // namespace

void NameThisThread(const char* name) {
  char cut[16] = {};
  std::string(name).copy(cut, sizeof cut - 1);
  (void)pthread_setname_np(pthread_self(), cut);  // fails only for a name over 15 bytes
}

base::Status SetThisThreadSlice(std::chrono::microseconds slice) {
  SchedAttr attr{};
  // Read first: sched_setattr sets the nice value too, and lowering it needs CAP_SYS_NICE.
  if (::syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) != 0) {
    return base::ErrnoStatus(errno, "sched_getattr");
  }
  if (attr.sched_policy != SCHED_OTHER) return base::Status::Ok();  // an operator's choice
  attr.size = sizeof attr;
  attr.sched_flags = 0;
  attr.sched_runtime =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(slice).count());
  if (::syscall(SYS_sched_setattr, 0, &attr, 0) != 0) {
    return base::ErrnoStatus(errno, "sched_setattr");
  }
  return base::Status::Ok();
}

}  // namespace atsguard::sys
