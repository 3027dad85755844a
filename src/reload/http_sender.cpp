#include "reload/http_sender.h"

#include <httplib.h>

namespace atsguard::reload {

base::Result<int> HttplibSender::Send(const WebhookUrl& url, const std::string& method,
                                      std::chrono::milliseconds timeout) {
  httplib::Client client(url.Origin());
  {
    std::lock_guard lock(mutex_);
    if (canceled_) return base::Status(base::StatusCode::kUnavailable, "shutting down");
    current_ = &client;
  }
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  if (!url.user.empty() || !url.password.empty()) client.set_basic_auth(url.user, url.password);
  httplib::Request request;
  request.method = method;
  request.path = url.target;
  request.headers = {{"User-Agent", "ats-guard/" ATSGUARD_VERSION}};
  httplib::Result result = client.send(request);
  {
    std::lock_guard lock(mutex_);
    current_ = nullptr;
  }
  if (!result) {
    return base::Status(base::StatusCode::kUnavailable,
                        url.Redacted() + ": " + httplib::to_string(result.error()));
  }
  return result->status;
}

void HttplibSender::Cancel() {
  std::lock_guard lock(mutex_);
  canceled_ = true;
  if (current_ != nullptr) static_cast<httplib::Client*>(current_)->stop();
}

}  // namespace atsguard::reload
