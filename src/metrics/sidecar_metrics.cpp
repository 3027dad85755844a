#include "metrics/sidecar_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "metrics/status_collector.h"

namespace atsguard::metrics {

namespace {

prometheus::Family<prometheus::Counter>& Counters(prometheus::Registry& registry, const char* name,
                                                  const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

}  // namespace

struct SidecarMetrics::Impl {
  Impl(const status::StatusBoard& board, const sys::Clock& clock, const sys::FileSystem& fs,
       ProcessSource source)
      : status(board, clock, ATSGUARD_VERSION),
        process(fs, std::move(source)),
        requests(Counters(registry, "ats_guard_http_requests_total",
                          "HTTP requests answered, by endpoint and status code.")),
        auth_failures(Counters(registry, "ats_guard_http_auth_failures_total",
                               "Requests to /metrics or /status refused for a missing or wrong "
                               "bearer token.")
                          .Add({})),
        rate_limited(Counters(registry, "ats_guard_http_rate_limited_total",
                              "Requests refused with 429 by the per-client rate limit.")
                         .Add({})),
        handler_errors(Counters(registry, "ats_guard_http_handler_errors_total",
                                "Requests whose handler failed unexpectedly (answered 500).")
                           .Add({})),
        dropped(Counters(registry, "ats_guard_http_connections_dropped_total",
                         "Connections closed by the server for a limit, a timeout or a failed "
                         "TLS handshake, by reason.")),
        reloads(Counters(registry, "ats_guard_http_tls_certificate_reloads_total",
                         "Loads of the serving certificate after its files changed, by result.")),
        open_connections(prometheus::BuildGauge()
                             .Name("ats_guard_http_open_connections")
                             .Help("Client connections currently open.")
                             .Register(registry)
                             .Add({})) {}

  prometheus::Registry registry;
  StatusCollector status;
  ProcessCollector process;
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Counter& auth_failures;
  prometheus::Counter& rate_limited;
  prometheus::Counter& handler_errors;
  prometheus::Family<prometheus::Counter>& dropped;
  prometheus::Family<prometheus::Counter>& reloads;
  prometheus::Gauge& open_connections;
};

SidecarMetrics::SidecarMetrics(const status::StatusBoard& board, const sys::Clock& clock,
                               const sys::FileSystem& fs, ProcessSource process)
    : impl_(std::make_unique<Impl>(board, clock, fs, std::move(process))) {}

SidecarMetrics::~SidecarMetrics() = default;

void SidecarMetrics::CountRequest(std::string_view path, int code) {
  impl_->requests.Add({{"path", std::string(path)}, {"code", std::to_string(code)}}).Increment();
}

void SidecarMetrics::CountAuthFailure() { impl_->auth_failures.Increment(); }

void SidecarMetrics::CountRateLimited() { impl_->rate_limited.Increment(); }

void SidecarMetrics::CountHandlerError() { impl_->handler_errors.Increment(); }

void SidecarMetrics::CountDroppedConnection(std::string_view reason) {
  impl_->dropped.Add({{"reason", std::string(reason)}}).Increment();
}

void SidecarMetrics::CountCertificateReload(bool success) {
  impl_->reloads.Add({{"result", success ? "success" : "failure"}}).Increment();
}

void SidecarMetrics::ConnectionOpened() { impl_->open_connections.Increment(); }

void SidecarMetrics::ConnectionClosed() { impl_->open_connections.Decrement(); }

std::string SidecarMetrics::Render() const {
  std::vector<prometheus::MetricFamily> families = impl_->status.Collect();
  for (prometheus::MetricFamily& family : impl_->registry.Collect()) {
    // A labelled family nobody has incremented yet has no sample: leave it out.
    if (!family.metric.empty()) families.push_back(std::move(family));
  }
  for (prometheus::MetricFamily& family : impl_->process.Collect()) {
    families.push_back(std::move(family));
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace atsguard::metrics
