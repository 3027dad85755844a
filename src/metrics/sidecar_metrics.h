#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "metrics/process_collector.h"
#include "status/status_board.h"
#include "sys/clock.h"
#include "sys/file_system.h"

namespace atsguard::metrics {

// Everything /metrics serves: a prometheus-cpp registry holding the HTTP server's own
// counters, plus collectors that build the ats_guard_* families from the StatusBoard and
// the process_* families from procfs at scrape time. Borrows board, clock and fs, which
// must outlive it. Thread-safe: counters may be bumped from any thread while another
// renders.
class SidecarMetrics {
 public:
  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

  SidecarMetrics(const status::StatusBoard& board, const sys::Clock& clock,
                 const sys::FileSystem& fs, ProcessSource process = ProcessSource::Current());
  ~SidecarMetrics();
  SidecarMetrics(const SidecarMetrics&) = delete;
  SidecarMetrics& operator=(const SidecarMetrics&) = delete;

  // One answered request. `path` must come from a bounded set (the caller maps unknown
  // paths to "other") so the series count stays bounded.
  void CountRequest(std::string_view path, int code);
  void CountAuthFailure();
  void CountRateLimited();
  // A handler threw: answered 500.
  void CountHandlerError();
  // A connection closed by the server before or instead of a normal answer. `reason` is
  // one of a fixed set: "connection_limit", "accept_error", "tls_handshake",
  // "request_timeout", "write_timeout", "header_too_large".
  void CountDroppedConnection(std::string_view reason);
  // The TLS certificate files changed and were (or could not be) loaded.
  void CountCertificateReload(bool success);
  void ConnectionOpened();
  void ConnectionClosed();

  // The Prometheus text exposition (format 0.0.4) of every family, read now.
  std::string Render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace atsguard::metrics
