#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "base/status.h"
#include "reload/webhook_url.h"

namespace atsguard::reload {

// Sends one webhook request: the seam between the retry logic and the network.
// Send is called from one worker thread; Cancel from any thread.
class HttpSender {
 public:
  virtual ~HttpSender() = default;

  // The response status, or kUnavailable (connection refused, timeout, TLS failure) with
  // a message that names the target by its redacted URL.
  virtual base::Result<int> Send(const WebhookUrl& url, const std::string& method,
                                 std::chrono::milliseconds timeout) = 0;

  // Aborts an ongoing Send and every later one (shutdown).
  virtual void Cancel() = 0;
};

// cpp-httplib's client: a new connection per request (reloads are rare; no idle socket
// to keep alive), basic auth from the URL's userinfo.
class HttplibSender : public HttpSender {
 public:
  base::Result<int> Send(const WebhookUrl& url, const std::string& method,
                         std::chrono::milliseconds timeout) override;
  void Cancel() override;

 private:
  std::mutex mutex_;
  void* current_ = nullptr;  // the httplib::Client of the ongoing Send (httplib stays in the .cpp)
  bool canceled_ = false;
};

}  // namespace atsguard::reload
