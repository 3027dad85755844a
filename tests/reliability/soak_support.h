#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "integration/watch_rig.h"
#include "support/http_client.h"
#include "support/proc_stats.h"

namespace atsguard::testing {

// Threads reading /metrics and /status in a loop, as Prometheus and an operator would,
// counting every answer that is not 200. Stop() (or the destructor) joins them.
class Readers {
 public:
  explicit Readers(int port, int threads = 2) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, port, i] { Loop(port, i % 2 == 0 ? "/metrics" : "/status"); });
    }
  }
  ~Readers() { Stop(); }
  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_)
      if (thread.joinable()) thread.join();
  }
  long requests() const { return requests_; }
  long failures() const { return failures_; }

 private:
  void Loop(int port, const char* path) {
    while (!stop_) {
      const bool ok = HttpGet(port, path).status == 200;
      ++requests_;
      if (!ok) ++failures_;
    }
  }

  std::atomic<bool> stop_{false};
  std::atomic<long> requests_{0};
  std::atomic<long> failures_{0};
  std::vector<std::thread> threads_;
};

// Rotation number `i` of a soak: a fresh passing jwt-secret, written as the kubelet
// does. One value in a thousand becomes a canary (checking each costs a scan of the
// sidecar's whole output).
inline void RotateQuietly(WatchRig& rig, int i) {
  rig.Rotate(rig.WithJwt(crypto::Base64Encode(crypto::RandomBytes(64).value())), i % 1000 == 0);
}

// Waits until the application's last reload read the rig's last jwt-secret.
inline bool DeliveredLast(WatchRig& rig, std::chrono::milliseconds deadline = seconds(15)) {
  const std::string want = Fnv1a(rig.last().at("jwt-secret").content);
  return rig.counter().WaitFor(
      [&](const std::string& out, const std::string&) {
        const size_t line = out.rfind("hup ");
        if (line == std::string::npos) return false;
        const size_t hash = out.find(' ', line + 4);
        return hash != std::string::npos && out.compare(hash + 1, 16, want) == 0;
      },
      deadline);
}

// The descriptor count of `pid` once it has stopped changing (closing connections take a
// moment after their clients go away): two equal readings 200 ms apart, within 5 s.
inline int SettledFds(pid_t pid) {
  int last = OpenFds(pid);
  for (int i = 0; i < 25; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const int now = OpenFds(pid);
    if (now == last) return now;
    last = now;
  }
  return last;
}

}  // namespace atsguard::testing
