#include "sys/thread_name.h"

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <thread>

namespace atsguard::sys {
namespace {

std::string ThisThreadComm() {
  std::ifstream in("/proc/thread-self/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

TEST_CASE("a thread's name shows in /proc, cut at the kernel's 15 bytes") {
  // In a thread of its own: the test runner's thread keeps its name.
  std::thread([] {
    NameThisThread("http");
    CHECK(ThisThreadComm() == "http");
    NameThisThread("a-name-longer-than-fifteen-bytes");
    CHECK(ThisThreadComm() == "a-name-longer-t");
  }).join();
}

}  // namespace
}  // namespace atsguard::sys
