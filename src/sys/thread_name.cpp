#include "sys/thread_name.h"

#include <pthread.h>

#include <string>

namespace atsguard::sys {

void NameThisThread(const char* name) {
  char cut[16] = {};
  std::string(name).copy(cut, sizeof cut - 1);
  (void)pthread_setname_np(pthread_self(), cut);  // fails only for a name over 15 bytes
}

}  // namespace atsguard::sys
