#include "metrics/sidecar_metrics.h"

#include <doctest/doctest.h>

#include "support/fake_clock.h"
#include "support/inputs_builder.h"
#include "support/metrics_text.h"
#include "support/status_fixtures.h"

namespace atsguard::testing {
namespace {

// SidecarMetrics over a board the test fills.
struct Exposition {
  FakeClock clock;
  sys::PosixFileSystem fs;
  status::StatusBoard board{"production-financial"};
  metrics::SidecarMetrics sidecar{board, clock, fs};
};

TEST_CASE("the exposition holds the status, HTTP and process families") {
  Exposition e;
  metrics::SidecarMetrics& sidecar = e.sidecar;
  PublishPassing(e.board);
  sidecar.CountRequest("/metrics", 200);
  sidecar.CountRequest("/metrics", 200);
  sidecar.CountRequest("other", 404);
  sidecar.CountAuthFailure();
  sidecar.CountDroppedConnection("request_timeout");
  sidecar.ConnectionOpened();
  std::string text = sidecar.Render();
  CHECK(SampleValue(text, "ats_guard_validation_passing") == 1);
  CHECK(SampleValue(text, "ats_guard_http_requests_total{code=\"200\",path=\"/metrics\"}") == 2);
  CHECK(SampleValue(text, "ats_guard_http_requests_total{code=\"404\",path=\"other\"}") == 1);
  CHECK(SampleValue(text, "ats_guard_http_auth_failures_total") == 1);
  CHECK(SampleValue(text, "ats_guard_http_rate_limited_total") == 0);
  CHECK(SampleValue(text, "ats_guard_http_connections_dropped_total{reason=\"request_timeout\"}") ==
        1);
  CHECK(SampleValue(text, "ats_guard_http_open_connections") == 1);
  CHECK(SampleValue(text, "process_resident_memory_bytes").value_or(0) > 0);
  // Families nobody incremented and that have labels are left out, not rendered empty.
  CHECK(text.find("ats_guard_http_tls_certificate_reloads_total") == std::string::npos);
}

TEST_CASE("no secret value reaches the exposition") {
  Exposition e;
  PublishFailing(e.board);
  std::string text = e.sidecar.Render();
  CHECK(SampleValue(text, "ats_guard_validation_passing") == 0);
  CHECK(text.find(kCanarySecret) == std::string::npos);
  CHECK(text.find(kStrongJwtSecret) == std::string::npos);
  CHECK(text.find(kStrongDbPassword) == std::string::npos);
  CHECK(text.find(kStrongEncryptionKey) == std::string::npos);
}

}  // namespace
}  // namespace atsguard::testing
