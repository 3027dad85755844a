#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "crypto/tls_server.h"
#include "http/net.h"
#include "http/request_handler.h"
#include "http/server_options.h"
#include "metrics/sidecar_metrics.h"
#include "sys/clock.h"

namespace atsguard::http {

// What the event loops of one server share. Owned by the server, which keeps it alive
// until every loop has returned.
struct LoopShared {
  LoopShared(int listen, int stop, RequestHandler& request_handler,
             const crypto::TlsServerContext* tls_context, metrics::SidecarMetrics& sidecar_metrics,
             const sys::Clock& monotonic, const ServerOptions& options)
      : listen_fd(listen),
        stop_fd(stop),
        handler(request_handler),
        tls(tls_context),
        metrics(sidecar_metrics),
        clock(monotonic),
        limits(options.limits),
        timeouts(options.timeouts),
        max_connections(options.max_connections) {}

  const int listen_fd;  // non-blocking listening socket
  const int stop_fd;    // an eventfd that becomes readable when the server stops
  RequestHandler& handler;
  const crypto::TlsServerContext* const tls;  // null: plain HTTP
  metrics::SidecarMetrics& metrics;
  const sys::Clock& clock;
  const ServerLimits limits;
  const ServerTimeouts timeouts;
  const size_t max_connections;
  std::atomic<size_t> open_connections{0};  // across every loop
};

// One event loop (epoll) serving client connections without ever blocking on a client:
// it accepts (the listening socket is shared with the other loops, which the kernel wakes
// one at a time), runs TLS handshakes, buffers request heads up to the header limit,
// hands each complete head to the RequestHandler, writes the response, keeps the
// connection alive or closes it. Every waiting state has a deadline (request, write,
// keep-alive idle, linger), so a slow or silent client costs one file descriptor and a
// few KiB until its deadline, never a thread; cpp-httplib's own server would tie a pool
// thread to each connection and read headers without a total size or time bound.
// Not thread-safe: Run() runs on one thread, which owns every connection it accepts.
class ConnectionLoop {
 public:
  explicit ConnectionLoop(LoopShared& shared);
  ~ConnectionLoop();
  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

  // Creates the epoll set with the listening socket and the stop event.
  base::Status Init();

  // Serves until the stop event fires, then closes this loop's connections and returns.
  void Run();

 private:
  struct Connection;
  using TimePoint = std::chrono::steady_clock::time_point;
  using Deadlines = std::multimap<TimePoint, Connection*>;

  void AcceptBatch();
  void Open(UniqueFd fd);
  void RefuseAtCapacity(UniqueFd fd);
  void PauseAccepting();
  void ResumeAcceptingIfDue();

  void Drive(Connection& c);
  void Respond(Connection& c, size_t head_length);
  void Reject(Connection& c, int code, const char* reason);
  void FinishResponse(Connection& c);
  void Expire(Connection& c);
  void ExpireDue();
  void Await(Connection& c, uint32_t events);
  void SetDeadline(Connection& c, std::chrono::milliseconds after, const char* reason);
  void Drop(Connection& c, const char* reason);
  void Close(Connection& c);
  void CloseAll();
  int NextTimeoutMs() const;

  LoopShared& shared_;
  UniqueFd epoll_;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  Deadlines deadlines_;
  std::optional<TimePoint> accept_paused_until_;
  std::vector<char> scratch_;
};

}  // namespace atsguard::http
