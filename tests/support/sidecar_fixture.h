#pragma once

#include <memory>

#include "http/sidecar_server.h"
#include "status/status_board.h"
#include "support/audit_capture.h"
#include "sys/clock.h"
#include "sys/file_system.h"

namespace atsguard::testing {

// Options for a server under test: loopback, a port the kernel picks, one-second timeouts
// so the limits can be observed quickly, credential files re-read and /metrics rendered
// on every request.
http::ServerOptions LoopbackOptions();

// A SidecarServer in this process over a StatusBoard the test fills, with the real clock
// and file system and a recording audit log. Started by the constructor (REQUIRE).
class SidecarFixture {
 public:
  explicit SidecarFixture(http::ServerOptions options = LoopbackOptions());
  ~SidecarFixture();

  int port() const { return server->port(); }
  // The watch loop's heartbeat, as if it had just run an iteration.
  void Beat() { board.Heartbeat(clock.MonotonicNow()); }

  sys::SystemClock clock;
  sys::PosixFileSystem fs;
  AuditCapture audit{clock};
  status::StatusBoard board{"production-financial"};
  std::unique_ptr<http::SidecarServer> server;
};

}  // namespace atsguard::testing
