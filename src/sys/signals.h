#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace atsguard::sys {

// Signals sent to ats-guard itself, read as data from a signalfd instead of handled
// asynchronously, so the watch loop sees them between two iterations.
// Create() blocks the signals in the calling thread: call it before starting any thread
// so every thread inherits the mask and no handler ever runs. Not thread-safe.
class SignalFd {
 public:
  static base::Result<std::unique_ptr<SignalFd>> Create(std::initializer_list<int> signals);
  ~SignalFd();
  SignalFd(const SignalFd&) = delete;
  SignalFd& operator=(const SignalFd&) = delete;

  int fd() const { return fd_; }
  // Signals received since the last call, in order; never blocks.
  std::vector<int> ReadPending();

 private:
  explicit SignalFd(int fd) : fd_(fd) {}
  int fd_;
};

// "HUP", "SIGHUP", "hup" or a number ("1") -> the signal number; nullopt otherwise.
std::optional<int> ParseSignalName(std::string_view name);
// SIGHUP -> "SIGHUP".
std::string SignalName(int signo);

// Waits until one of `fds` is readable or `timeout_ms` passes (-1: no timeout).
// Returns the readable descriptors (empty on timeout). EINTR counts as a timeout.
std::vector<int> WaitReadable(const std::vector<int>& fds, int timeout_ms);

}  // namespace atsguard::sys
