#include "support/child_process.h"

#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace atsguard::testing {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

int CountOf(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) return;
  ExecVectors exec(argv, env);

  pid_ = ::fork();
  if (pid_ == 0) {
    // The test runner may block signals (doctest does not, a bench might): start clean.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::execvpe(exec.argp[0], exec.argp.data(), exec.envp.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  reader_ = std::thread([this, out = out_pipe[0], err = err_pipe[0]] { Read(out, err); });
}

void ChildProcess::Read(int out_fd, int err_fd) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0 && errno == EINTR) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buf[65536];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      std::lock_guard lock(mutex_);
      (i == 0 ? out_ : err_).append(buf, static_cast<size_t>(got));
      changed_.notify_all();
    }
  }
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(pid_, SIGKILL);
    (void)Wait(milliseconds(10000));
  }
  if (reader_.joinable()) reader_.join();
}

std::string ChildProcess::out() const {
  std::lock_guard lock(mutex_);
  return out_;
}

std::string ChildProcess::err() const {
  std::lock_guard lock(mutex_);
  return err_;
}

bool ChildProcess::WaitFor(const std::function<bool(const std::string&, const std::string&)>& ready,
                           milliseconds deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, deadline, [&] { return ready(out_, err_) || closed_; }) &&
         ready(out_, err_);
}

bool ChildProcess::WaitForOut(const std::string& text, milliseconds deadline, int count) {
  return WaitFor(
      [&](const std::string& out, const std::string&) { return CountOf(out, text) >= count; },
      deadline);
}

bool ChildProcess::WaitForErr(const std::string& text, milliseconds deadline, int count) {
  return WaitFor(
      [&](const std::string&, const std::string& err) { return CountOf(err, text) >= count; },
      deadline);
}

void ChildProcess::Signal(int signo) const {
  if (pid_ > 0 && !exit_code_) ::kill(pid_, signo);
}

std::optional<int> ChildProcess::Wait(milliseconds deadline) {
  if (exit_code_) return exit_code_;
  const auto end = steady_clock::now() + deadline;
  while (true) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      return exit_code_;
    }
    if (steady_clock::now() >= end) return std::nullopt;
    // Polling a child's exit: there is no descriptor to wait on without pidfd plumbing.
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, milliseconds(2));
  }
}

}  // namespace atsguard::testing
