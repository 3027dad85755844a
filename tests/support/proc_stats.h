#pragma once

#include <sys/types.h>

#include <string>

namespace atsguard::testing {

// What /proc says about a process under test (a child ats-guard, or this process), for
// benchmarks and soak tests that watch memory, CPU and descriptors over time.

// A field of /proc/PID/status as printed ("4312 kB"), or "?" when absent.
std::string StatusField(pid_t pid, const std::string& field);
// The same field in KiB (VmRSS, RssAnon, ...); -1 when absent.
long StatusKiB(pid_t pid, const std::string& field);
// utime + stime from /proc/PID/stat, in clock ticks.
long long CpuTicks(pid_t pid);
// Entries of /proc/PID/fd; -1 when it cannot be read.
int OpenFds(pid_t pid);

}  // namespace atsguard::testing
