#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "base/status.h"

namespace atsguard::http {

// Bounds on what one client may make the server hold.
struct ServerLimits {
  // Request line plus headers. A head that does not end within this many bytes gets 431
  // and the connection closes; nothing beyond it is ever buffered.
  size_t max_header_bytes = 8192;
  // Requests on one kept-alive connection before the server closes it.
  size_t max_requests_per_connection = 1000;
  // Clients the rate limiter and the audit throttle remember (memory bound).
  size_t max_tracked_clients = 4096;
};

struct ServerTimeouts {
  // From accept (including the TLS handshake), or from the first byte of a later request,
  // until the request head is complete. Slow clients are cut here: 408, then close.
  std::chrono::milliseconds request{10000};
  // To write one response. A client that stops reading is cut here.
  std::chrono::milliseconds write{10000};
  // Idle time allowed between requests on a kept-alive connection.
  std::chrono::milliseconds keep_alive{5000};
  // After the last response, how long unread input is drained before the close, so the
  // kernel does not answer it with a reset that destroys the response in flight.
  std::chrono::milliseconds linger{1000};
};

// Configuration of the sidecar's HTTP listener (flags in app/server_flags.h).
struct ServerOptions {
  std::string listen = "0.0.0.0:9464";  // HOST:PORT, [IPv6]:PORT or :PORT; port 0 picks one
  std::string tls_cert;                 // PEM; TLS is on when both files are given
  std::string tls_key;
  std::string tls_min_version = "1.2";  // "1.2" | "1.3"
  std::string auth_token_file;          // bearer token for /metrics and /status; "" = open
  int rate_limit_rpm = 0;               // requests per minute per client IP; 0 = no limit
  ServerLimits limits;
  ServerTimeouts timeouts;
  size_t max_connections = 256;  // open client connections; more are refused with 503
  // Event loops. Measured with tests/bench/http_bench.sh on two cores shared with wrk
  // (static build): one loop serves /metrics at ~73k requests/s with p99 ~0.7 ms (~79k at
  // p99 1-2 ms before it yielded under load, see yield_pacer.h); two loops ~100k at p99 ~3 ms
  // and more memory. A sidecar runs under a fraction of a core: one is the default.
  size_t threads = 1;
  // /healthz fails when the watch loop's heartbeat is older than this (or, before the
  // first heartbeat, when the server has been up this long).
  std::chrono::milliseconds stuck_after{30000};
  // How often the token and certificate files are read again to pick up a rotation.
  std::chrono::milliseconds credential_recheck{1000};
  // How long one rendering of /metrics is served again. Rendering costs ~100 us (procfs
  // reads and text formatting); the cache bounds what a flood of scrapes can cost to ten
  // renderings a second, and no scraper can tell 100 ms of age from scrape jitter.
  std::chrono::milliseconds metrics_cache{100};
};

// kInvalidArgument naming the first inconsistent option: one TLS file without the other,
// a min version other than 1.2/1.3, a negative rate, a zero limit or thread count.
base::Status ValidateServerOptions(const ServerOptions& options);

}  // namespace atsguard::http
