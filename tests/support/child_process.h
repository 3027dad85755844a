#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace atsguard::testing {

// A long-running child (ats-guard watch, a signal counter, nginx) whose stdout and stderr
// a reader thread collects while the test acts. Every wait has a deadline. The destructor
// kills and reaps a child still running. Thread-safe.
class ChildProcess {
 public:
  // Starts `argv` with exactly `env` (plus PATH when absent).
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::string out() const;
  std::string err() const;

  // Waits until `ready(out, err)` holds; false when `deadline` passed first (or the
  // child exited without it).
  bool WaitFor(const std::function<bool(const std::string& out, const std::string& err)>& ready,
               std::chrono::milliseconds deadline);
  // Waits until stdout (or stderr) holds `text` `count` times.
  bool WaitForOut(const std::string& text, std::chrono::milliseconds deadline, int count = 1);
  bool WaitForErr(const std::string& text, std::chrono::milliseconds deadline, int count = 1);

  void Signal(int signo) const;
  // The exit code once it exited (-signal when killed); nullopt when still running at
  // the deadline.
  std::optional<int> Wait(std::chrono::milliseconds deadline);

 private:
  void Read(int out_fd, int err_fd);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string out_;
  std::string err_;
  bool closed_ = false;
  std::thread reader_;
};

// Occurrences of `needle` in `haystack`.
int CountOf(const std::string& haystack, const std::string& needle);

}  // namespace atsguard::testing
