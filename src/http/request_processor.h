#pragma once

#include <chrono>
#include <memory>
#include <string_view>

#include "audit/audit_log.h"
#include "http/bearer_auth.h"
#include "http/rate_limiter.h"
#include "http/request_handler.h"
#include "http/server_options.h"
#include "metrics/sidecar_metrics.h"
#include "status/status_board.h"
#include "sys/clock.h"

namespace atsguard::http {

// What the request processor works with. Everything is borrowed and must outlive it;
// auth and rate_limiter are optional (null: off).
struct ProcessorDeps {
  const status::StatusBoard& board;
  metrics::SidecarMetrics& metrics;
  audit::AuditLog& audit;
  const sys::Clock& clock;
  BearerAuth* auth = nullptr;
  RateLimiter* rate_limiter = nullptr;
};

// The HTTP semantics of the sidecar, on cpp-httplib's request parser, router and response
// writer (driven one request at a time by the connection loop, not by httplib's own
// sockets). In order, every request is checked for: method (GET and HEAD only: 405),
// body (none accepted: 413), the per-client rate limit (429 with Retry-After), and for
// /metrics and /status the bearer token (401); probes stay open. Refusals are counted and
// audited (at most one audit line per client and kind per 10 s, with the number held
// back). Then /healthz, /readyz, /status, /metrics, or 404. Handlers catch everything:
// 500, counted. /metrics is rendered at most once per ServerOptions::metrics_cache.
// Every body passes the audit log's redactor before it leaves, and every response carries
// the security headers. Thread-safe.
class RequestProcessor : public RequestHandler {
 public:
  RequestProcessor(const ServerOptions& options, bool tls, ProcessorDeps deps,
                   std::chrono::steady_clock::time_point started);
  ~RequestProcessor() override;

  HandlerResponse Handle(std::string_view head, const PeerAddress& peer, bool last) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The label an HTTP path is counted under: one of the four endpoints, else "other" (so
// scanners cannot grow the number of series).
const char* PathLabel(std::string_view path);

}  // namespace atsguard::http
