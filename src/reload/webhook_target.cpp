#include "reload/webhook_target.h"

#include <algorithm>

#include "sys/thread_name.h"

namespace atsguard::reload {

WebhookTarget::WebhookTarget(WebhookUrl url, WebhookOptions options, HttpSender& sender,
                             ReloadReporter& reporter, const sys::Clock& clock,
                             std::function<double()> random01)
    : url_(std::move(url)),
      options_(std::move(options)),
      sender_(sender),
      reporter_(reporter),
      clock_(clock),
      random01_(std::move(random01)) {}

WebhookTarget::~WebhookTarget() { Stop(); }

void WebhookTarget::Reload(const ReloadRequest& request) {
  {
    std::lock_guard lock(mutex_);
    if (requested_ == delivered_) {
      attempt_ = 0;
      next_attempt_ = clock_.MonotonicNow();
    }
    ++requested_;
    reason_ = request.reason;
  }
  wake_.notify_one();
}

std::chrono::milliseconds WebhookTarget::Backoff(int attempt) {
  // Exponential with "equal jitter": half the delay fixed, half random, so many sidecars
  // restarted together do not retry in lockstep, and none retries too early.
  auto delay = options_.backoff_initial;
  for (int i = 1; i < attempt && delay < options_.backoff_max; ++i) delay *= 2;
  delay = std::min(delay, options_.backoff_max);
  const double half = static_cast<double>(delay.count()) / 2.0;
  return std::chrono::milliseconds(static_cast<long long>(half + half * random01_()));
}

std::optional<WebhookTarget::TimePoint> WebhookTarget::RunOnce() {
  std::unique_lock lock(mutex_);
  if (stop_ || requested_ == delivered_) return std::nullopt;
  if (clock_.MonotonicNow() < next_attempt_) return next_attempt_;
  const uint64_t covering = requested_;
  const int attempt = ++attempt_;
  const std::string reason = reason_;
  lock.unlock();

  base::Result<int> sent = sender_.Send(url_, options_.method, options_.timeout);

  lock.lock();
  if (stop_) return std::nullopt;
  std::string result;
  std::string message;
  if (sent.ok() && IsSuccess(options_.success, sent.value())) {
    delivered_ = std::max(delivered_, covering);
    result = "success";
    message = options_.method + " answered " + std::to_string(sent.value());
    attempt_ = 0;
    next_attempt_ = clock_.MonotonicNow();  // a request that arrived in flight goes now
  } else {
    const int status = sent.ok() ? sent.value() : 0;
    const bool permanent = status >= 400 && status < 500 && status != 408 && status != 429;
    const std::string what = sent.ok() ? options_.method + " answered " + std::to_string(status)
                                       : sent.status().message();
    if (permanent) {
      delivered_ = std::max(delivered_, covering);  // retrying cannot fix a 4xx
      result = "failure";
      message = what + "; not retried (a client error: check the URL and credentials)";
      attempt_ = 0;
    } else {
      auto delay = Backoff(attempt);
      next_attempt_ = clock_.MonotonicNow() + delay;
      result = "retry";
      message = what + "; retry in " + std::to_string(delay.count()) + "ms";
    }
  }
  std::optional<TimePoint> next;
  if (requested_ != delivered_) next = next_attempt_;
  lock.unlock();

  if (result == "success") {
    reporter_.Report(name(), result, attempt, message, "info", "reload", reason);
  } else if (result == "failure") {
    reporter_.Report(name(), result, attempt, message, "high", "reload_failed", reason);
  } else {
    reporter_.Report(name(), result, attempt, message, "medium", "reload_retry", reason);
  }
  return next;
}

void WebhookTarget::Work() {
  while (true) {
    std::optional<TimePoint> next = RunOnce();
    std::unique_lock lock(mutex_);
    if (stop_) return;
    auto ready = [&] {
      return stop_ || (requested_ != delivered_ && clock_.MonotonicNow() >= next_attempt_);
    };
    if (next || requested_ != delivered_) {
      // The worker runs on real time: convert the seam's deadline into a wait.
      wake_.wait_for(lock,
                     std::max(next_attempt_ - clock_.MonotonicNow(),
                              std::chrono::steady_clock::duration::zero()),
                     ready);
    } else {
      wake_.wait(lock, [&] { return stop_ || requested_ != delivered_; });
    }
  }
}

void WebhookTarget::Start() {
  worker_ = std::thread([this] {
    sys::NameThisThread("webhook");
    Work();
  });
}

void WebhookTarget::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  sender_.Cancel();
  if (worker_.joinable()) worker_.join();
}

}  // namespace atsguard::reload
