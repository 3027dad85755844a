#include "app/server_flags.h"

#include <CLI/CLI.hpp>

namespace atsguard::app {

void AddServerFlags(CLI::App& command, http::ServerOptions& options) {
  const char* group = "HTTP endpoints (/healthz /readyz /status /metrics)";
  command
      .add_option("--listen", options.listen,
                  "Address of the HTTP listener: HOST:PORT, [IPv6]:PORT or :PORT")
      ->envname("ATS_GUARD_LISTEN")
      ->group(group)
      ->capture_default_str();
  CLI::Option* cert =
      command
          .add_option("--tls-cert", options.tls_cert,
                      "Serve HTTPS with this PEM certificate (chain after the leaf); re-read "
                      "when the file changes")
          ->envname("ATS_GUARD_TLS_CERT")
          ->group(group);
  CLI::Option* key = command
                         .add_option("--tls-key", options.tls_key,
                                     "PEM private key of --tls-cert; re-read with it")
                         ->envname("ATS_GUARD_TLS_KEY")
                         ->group(group);
  cert->needs(key);
  key->needs(cert);
  command.add_option("--tls-min-version", options.tls_min_version, "Lowest TLS version accepted")
      ->envname("ATS_GUARD_TLS_MIN_VERSION")
      ->check(CLI::IsMember({"1.2", "1.3"}))
      ->group(group)
      ->capture_default_str();
  command
      .add_option("--auth-token-file", options.auth_token_file,
                  "Require 'Authorization: Bearer <token>' on /metrics and /status, the token "
                  "read from this file (re-read when it changes); probes stay open")
      ->envname("ATS_GUARD_AUTH_TOKEN_FILE")
      ->group(group);
  command
      .add_option("--rate-limit-rpm", options.rate_limit_rpm,
                  "Requests per minute allowed per client address on /metrics, /status and "
                  "unknown paths; the kubelet's probes are exempt (0: no limit)")
      ->envname("ATS_GUARD_RATE_LIMIT_RPM")
      ->check(CLI::NonNegativeNumber)
      ->group(group)
      ->capture_default_str();
}

}  // namespace atsguard::app
