#include "support/webhook_receiver.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace atsguard::testing {

struct WebhookReceiver::State {
  std::function<void()> on_request;
  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  int requests = 0;
  std::string authorization;
  int port = 0;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;

  void Serve(bool any_port) {
    server = std::make_unique<httplib::Server>();
    server->Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
      if (on_request) on_request();
      {
        std::lock_guard lock(mutex);
        ++requests;
        authorization = request.get_header_value("Authorization");
      }
      arrived.notify_all();
      response.set_content("reloaded\n", "text/plain");
    });
    if (any_port) {
      port = server->bind_to_any_port("127.0.0.1");
    } else {
      REQUIRE(server->bind_to_port("127.0.0.1", port));
    }
    REQUIRE(port > 0);
    thread = std::thread([this] { server->listen_after_bind(); });
    // stop() before the accept loop runs would be lost and join() would hang.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server->is_running()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::yield();
    }
  }
  void Stop() {
    if (!server) return;
    server->stop();
    thread.join();
    server.reset();
  }
};

WebhookReceiver::WebhookReceiver(std::function<void()> on_request) : state_(new State) {
  state_->on_request = std::move(on_request);
  state_->Serve(true);
}

WebhookReceiver::~WebhookReceiver() { state_->Stop(); }

int WebhookReceiver::port() const { return state_->port; }

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + path;
}

int WebhookReceiver::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::string WebhookReceiver::last_authorization() const {
  std::lock_guard lock(state_->mutex);
  return state_->authorization;
}

void WebhookReceiver::Down() { state_->Stop(); }
void WebhookReceiver::Up() { state_->Serve(false); }

bool WebhookReceiver::WaitForRequests(int count, std::chrono::milliseconds deadline) const {
  std::unique_lock lock(state_->mutex);
  return state_->arrived.wait_for(lock, deadline, [&] { return state_->requests >= count; });
}

}  // namespace atsguard::testing
