#include "support/sidecar_fixture.h"

#include <doctest/doctest.h>

namespace atsguard::testing {

http::ServerOptions LoopbackOptions() {
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.timeouts.request = std::chrono::seconds(1);
  options.timeouts.write = std::chrono::seconds(1);
  options.timeouts.keep_alive = std::chrono::seconds(1);
  options.timeouts.linger = std::chrono::milliseconds(200);
  options.credential_recheck = std::chrono::milliseconds(0);
  options.metrics_cache = std::chrono::milliseconds(0);
  return options;
}

SidecarFixture::SidecarFixture(http::ServerOptions options) {
  server = std::make_unique<http::SidecarServer>(std::move(options), board, audit.log, clock, fs);
  base::Status started = server->Start();
  REQUIRE_MESSAGE(started.ok(), started.message());
}

SidecarFixture::~SidecarFixture() { server->Stop(); }

}  // namespace atsguard::testing
