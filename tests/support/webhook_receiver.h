#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace atsguard::testing {

// A reload webhook on 127.0.0.1, on a port the kernel chose: counts requests, can be
// taken down and brought back on the same port, and calls `on_request` (from its own
// thread) as each request arrives. Thread-safe.
class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::function<void()> on_request = {});
  ~WebhookReceiver();

  int port() const;
  std::string url(const std::string& path = "/-/reload") const;
  int requests() const;
  std::string last_authorization() const;

  // Stops serving (connections are refused) / serves again on the same port.
  void Down();
  void Up();

  // Waits until at least `count` requests arrived.
  bool WaitForRequests(int count, std::chrono::milliseconds deadline) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace atsguard::testing
