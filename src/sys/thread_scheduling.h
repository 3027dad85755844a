#pragma once

#include <chrono>

#include "base/status.h"

namespace atsguard::sys {

// Names the calling thread for `top -H`, `ps -L` and /proc/PID/task/TID/comm. The kernel
// keeps 15 bytes; a longer name is cut there.
void NameThisThread(const char* name);

// Asks the kernel to run the calling thread in time slices of `slice`: sched_setattr(2)
// under SCHED_OTHER with sched_runtime = slice, the thread's nice value kept. The EEVDF
// scheduler (Linux 6.12+) takes it as a latency hint: on wake-up, a thread with a shorter
// slice than the running one preempts it instead of waiting for the next scheduler tick
// (4 ms at HZ=250). Older kernels accept the call and ignore the value. Needs no
// privilege; fails only where seccomp refuses the syscall (a status naming it).
base::Status SetThisThreadSlice(std::chrono::microseconds slice);

// For threads that wake on an event, do well under a slice of work and sleep again: the
// watch loop (~0.5 ms of CPU per rotation) and the webhook sender.
inline constexpr std::chrono::microseconds kReactiveSlice{500};
// For the HTTP loops, which serve scrapes as fast as clients send them. Measured with
// tests/bench/watch_latency.cpp --metrics-load on two cores saturated by wrk: with default
// slices a woken watch loop, and the signalled application, waited for the HTTP thread's
// tick, and the reload p99 went from ~1.2 ms idle to ~4.5 ms; with these two slices it
// stays within ~0.5 ms of idle. The HTTP threads keep their CPU share (same weight).
inline constexpr std::chrono::microseconds kThroughputSlice{10000};

}  // namespace atsguard::sys
