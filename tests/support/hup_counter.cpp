// hup-counter: a stand-in application for reload-by-signal tests. Prints "ready PID",
// then "hup N HASH NS" for every SIGHUP (NS: CLOCK_MONOTONIC at arrival, for latency), where HASH is an FNV-1a hash of the file given with
// --read (the secret as the application would re-read it; never the value itself), and
// exits 0 on SIGTERM. Extra arguments (--tag=...) only make its command line unique.
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string HashOf(const std::string& path) {
  if (path.empty()) return "-";
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  uint64_t hash = 1469598103934665603ULL;
  for (char c : content.str()) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  char text[32];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  std::string read_path;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--read") read_path = argv[i + 1];
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  int fd = signalfd(-1, &set, 0);
  if (fd < 0) return 1;
  std::printf("ready %d\n", static_cast<int>(getpid()));
  std::fflush(stdout);
  int hups = 0;
  while (true) {
    signalfd_siginfo info{};
    if (read(fd, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) continue;
    if (info.ssi_signo != SIGHUP) return 0;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const long long ns = static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
    std::printf("hup %d %s %lld\n", ++hups, HashOf(read_path).c_str(), ns);
    std::fflush(stdout);
  }
}
