#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace atsguard::testing {

// A real Prometheus server (the Debian package, `prometheus` on PATH) scraping one target
// every second, on a free loopback port, with its data in a temporary directory. Used by
// the end-to-end tests of /metrics; reusable for any target, e.g. the ats-guard binary:
//
//   PrometheusServer prometheus("https://127.0.0.1:9464/metrics", token_file);
//   REQUIRE(prometheus.WaitFor("up", 1, std::chrono::seconds(60)));
//
// HTTPS targets are scraped without verifying the certificate. Killed on destruction.
class PrometheusServer {
 public:
  // `target_url`: scheme://127.0.0.1:PORT/path. `bearer_token_file`: sent as
  // "Authorization: Bearer" when not empty. Fails the test (REQUIRE) when Prometheus is
  // not installed or does not become ready.
  explicit PrometheusServer(const std::string& target_url,
                            const std::string& bearer_token_file = "");
  ~PrometheusServer();
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  // The value of an instant query that returns exactly one sample; nullopt otherwise
  // (no sample yet, several, or an error).
  std::optional<double> Query(const std::string& expr) const;

  // Polls Query(expr) until it returns `want` or `timeout` passes (never a fixed sleep).
  bool WaitFor(const std::string& expr, double want, std::chrono::seconds timeout) const;

  // Prometheus's own log, for failure messages.
  std::string Log() const;
  int port() const { return port_; }

 private:
  bool Launch();

  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = -1;
};

}  // namespace atsguard::testing
