#include "sys/signals.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>
#include <utility>

#include "base/strings.h"

namespace atsguard::sys {

namespace {

constexpr std::array<std::pair<const char*, int>, 10> kSignals = {{
    {"HUP", SIGHUP},
    {"INT", SIGINT},
    {"QUIT", SIGQUIT},
    {"USR1", SIGUSR1},
    {"USR2", SIGUSR2},
    {"TERM", SIGTERM},
    {"WINCH", SIGWINCH},
    {"ALRM", SIGALRM},
    {"CONT", SIGCONT},
    {"KILL", SIGKILL},
}};

}  // namespace

base::Result<std::unique_ptr<SignalFd>> SignalFd::Create(std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int signo : signals) sigaddset(&set, signo);
  if (int err = ::pthread_sigmask(SIG_BLOCK, &set, nullptr); err != 0) {
    return base::ErrnoStatus(err, "pthread_sigmask");
  }
  int fd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return base::ErrnoStatus(errno, "signalfd");
  return std::unique_ptr<SignalFd>(new SignalFd(fd));
}

SignalFd::~SignalFd() { ::close(fd_); }

std::vector<int> SignalFd::ReadPending() {
  std::vector<int> received;
  struct signalfd_siginfo info {};
  while (true) {
    ssize_t n = ::read(fd_, &info, sizeof info);
    if (n < 0 && errno == EINTR) continue;
    if (n != static_cast<ssize_t>(sizeof info)) break;
    received.push_back(static_cast<int>(info.ssi_signo));
  }
  return received;
}

std::optional<int> ParseSignalName(std::string_view name) {
  std::string upper(base::Trim(name));
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (upper.starts_with("SIG")) upper = upper.substr(3);
  for (const auto& [text, signo] : kSignals) {
    if (upper == text) return signo;
  }
  long long number = 0;
  if (base::ParseInt64(upper, &number) && number > 0 && number < NSIG) {
    return static_cast<int>(number);
  }
  return std::nullopt;
}

std::string SignalName(int signo) {
  for (const auto& [text, number] : kSignals) {
    if (number == signo) return std::string("SIG") + text;
  }
  return "signal " + std::to_string(signo);
}

std::vector<int> WaitReadable(const std::vector<int>& fds, int timeout_ms) {
  std::vector<pollfd> polled;
  for (int fd : fds) {
    if (fd >= 0) polled.push_back({fd, POLLIN, 0});
  }
  std::vector<int> ready;
  int n = ::poll(polled.data(), polled.size(), timeout_ms);
  if (n <= 0) return ready;
  for (const pollfd& p : polled) {
    if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) ready.push_back(p.fd);
  }
  return ready;
}

}  // namespace atsguard::sys
