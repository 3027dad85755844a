#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "reload/http_sender.h"
#include "reload/reload_reporter.h"
#include "reload/reload_target.h"
#include "reload/webhook_url.h"
#include "sys/clock.h"

namespace atsguard::reload {

struct WebhookOptions {
  std::string method = "POST";
  std::chrono::milliseconds timeout{5000};
  SuccessCodes success = {{200, 299}};
  std::chrono::milliseconds backoff_initial{200};
  std::chrono::milliseconds backoff_max{5000};
};

// Reload by HTTP request, delivered on a worker thread so that a slow or dead receiver
// never blocks the watch loop. A failed attempt (connection error, timeout, 5xx, 408,
// 429) is retried with exponential backoff and jitter until it succeeds; another 4xx is
// a failure not worth retrying (wrong URL or credentials). Requests made while one is
// pending merge into it; a request made while one is in flight is sent again afterwards,
// so the receiver always reloads after the last change.
// Reload() is thread-safe; RunOnce() is the worker's step (tests drive it directly).
class WebhookTarget : public ReloadTarget {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `random01` returns a number in [0, 1) for the jitter.
  WebhookTarget(WebhookUrl url, WebhookOptions options, HttpSender& sender,
                ReloadReporter& reporter, const sys::Clock& clock,
                std::function<double()> random01);
  ~WebhookTarget() override;
  WebhookTarget(const WebhookTarget&) = delete;
  WebhookTarget& operator=(const WebhookTarget&) = delete;

  std::string name() const override { return url_.Redacted(); }
  // Nothing to check without sending a reload: the receiver is only told to reload.
  base::Status Check() override { return base::Status::Ok(); }
  void Reload(const ReloadRequest& request) override;

  // Starts the worker thread; Stop() cancels an ongoing request and joins it.
  void Start();
  void Stop();

  // Makes the pending attempt if it is due. Returns when the next attempt is due
  // (nullopt: nothing pending).
  std::optional<TimePoint> RunOnce();

 private:
  std::chrono::milliseconds Backoff(int attempt);
  void Work();

  const WebhookUrl url_;
  const WebhookOptions options_;
  HttpSender& sender_;
  ReloadReporter& reporter_;
  const sys::Clock& clock_;
  std::function<double()> random01_;

  std::mutex mutex_;
  std::condition_variable wake_;
  uint64_t requested_ = 0;  // reload requests so far
  uint64_t delivered_ = 0;  // the latest request a successful attempt covered
  int attempt_ = 0;         // attempts for the pending request
  TimePoint next_attempt_{};
  std::string reason_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace atsguard::reload
