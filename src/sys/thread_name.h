#pragma once

namespace atsguard::sys {

// Names the calling thread for `top -H`, `ps -L` and /proc/PID/task/TID/comm. The kernel
// keeps 15 bytes; a longer name is cut there.
void NameThisThread(const char* name);

}  // namespace atsguard::sys
