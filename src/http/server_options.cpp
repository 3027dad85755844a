#include "http/server_options.h"

namespace atsguard::http {

base::Status ValidateServerOptions(const ServerOptions& options) {
  auto invalid = [](std::string message) {
    return base::Status(base::StatusCode::kInvalidArgument, std::move(message));
  };
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return invalid("--tls-cert and --tls-key go together: give both or neither");
  }
  if (options.tls_min_version != "1.2" && options.tls_min_version != "1.3") {
    return invalid("--tls-min-version '" + options.tls_min_version + "': use 1.2 or 1.3");
  }
  if (options.rate_limit_rpm < 0) {
    return invalid("--rate-limit-rpm " + std::to_string(options.rate_limit_rpm) +
                   ": use 0 (no limit) or a positive number of requests per minute");
  }
  if (options.max_connections == 0 || options.threads == 0 ||
      options.limits.max_header_bytes < 256 || options.limits.max_requests_per_connection == 0 ||
      options.limits.max_tracked_clients == 0) {
    return invalid("server limits must be positive (and headers at least 256 bytes)");
  }
  return base::Status::Ok();
}

}  // namespace atsguard::http
