#pragma once

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "audit/audit_log.h"
#include "base/status.h"
#include "http/net.h"
#include "http/server_options.h"
#include "metrics/sidecar_metrics.h"
#include "status/status_board.h"
#include "sys/clock.h"
#include "sys/file_system.h"

namespace atsguard::crypto {
class TlsServerContext;
}

namespace atsguard::http {

class BearerAuth;
class ConnectionLoop;
class RateLimiter;
class RequestProcessor;
struct LoopShared;

// The sidecar's one HTTP listener: /healthz, /readyz, /status and /metrics, rendered from
// the StatusBoard (the only state it reads), hardened as ServerOptions describes (TLS,
// bearer token, rate limit, size and time limits, connection cap). Owns its listening
// socket, its event-loop threads and its metrics; borrows board, audit log, clock and file
// system, which must outlive it. Start, port and Stop are for one owning thread; the
// metrics are thread-safe.
class SidecarServer {
 public:
  SidecarServer(ServerOptions options, const status::StatusBoard& board, audit::AuditLog& audit,
                const sys::Clock& clock, const sys::FileSystem& fs);
  ~SidecarServer();
  SidecarServer(const SidecarServer&) = delete;
  SidecarServer& operator=(const SidecarServer&) = delete;

  // Checks the options, loads the token and certificate, binds and starts serving.
  // kInvalidArgument for inconsistent options or unusable token/certificate files (naming
  // the flag or file); the errno code for a failed bind, naming the address
  // ("listen 0.0.0.0:9464: bind: Address already in use"); kFailedPrecondition when
  // already started.
  base::Status Start();

  // The port being listened on (the one the kernel chose for port 0); -1 before Start.
  int port() const { return port_; }

  // Stops accepting, closes every connection and joins the threads. Idempotent; also
  // done by the destructor.
  void Stop();

  // The families /metrics serves, for tests and for a caller that wants to render them.
  metrics::SidecarMetrics& metrics() { return *metrics_; }

 private:
  void RecordCertificateReload(bool success, const std::string& message);

  const ServerOptions options_;
  const status::StatusBoard& board_;
  audit::AuditLog& audit_;
  const sys::Clock& clock_;
  const sys::FileSystem& fs_;
  std::unique_ptr<metrics::SidecarMetrics> metrics_;

  std::unique_ptr<BearerAuth> auth_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<crypto::TlsServerContext> tls_;
  std::unique_ptr<RequestProcessor> processor_;
  UniqueFd listen_fd_;
  UniqueFd stop_fd_;  // eventfd: written once to stop every loop
  std::unique_ptr<LoopShared> shared_;
  std::vector<std::unique_ptr<ConnectionLoop>> loops_;
  std::vector<std::thread> threads_;
  int port_ = -1;
  bool started_ = false;
};

}  // namespace atsguard::http
