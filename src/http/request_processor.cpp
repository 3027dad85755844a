#include "http/request_processor.h"

#include <httplib.h>

#include <cstring>
#include <mutex>
#include <string>

#include "http/endpoints.h"
#include "http/response_headers.h"

namespace atsguard::http {

namespace {

using Outcome = httplib::Server::HandlerResponse;

// How long one client's refusals of one kind are summarised into a single audit line.
constexpr auto kAuditWindow = std::chrono::seconds(10);

// State of the request being processed on this thread. cpp-httplib gives handlers the
// Request and Response only; the connection loop needs the decisions they take (close the
// connection) and the label they chose. process_request runs the handlers synchronously
// on the calling thread, so a thread-local pointer to the caller's stack frame is exact.
struct RequestContext {
  const char* path = "other";
  bool close = false;
};
thread_local RequestContext* current_request = nullptr;

// cpp-httplib's server reads from its own sockets, without a bound on the size of a
// request line or the number of headers (one connection can make it buffer hundreds of
// MiB) and with a blocking thread per connection. Its request processing is reachable
// through the protected process_request(), which takes any Stream: the connection loop
// feeds it one complete, size-checked request head at a time.
class Engine : public httplib::Server {
 public:
  bool Process(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
    return process_request(stream, close_connection, connection_closed, nullptr);
  }
};

// A Stream over one buffered request head that collects the response in memory. Reading
// past the head ends the stream: no request body is ever read.
class HeadStream : public httplib::Stream {
 public:
  HeadStream(std::string_view head, const PeerAddress& peer) : head_(head), peer_(peer) {}

  bool is_readable() const override { return offset_ < head_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, head_.size() - offset_);
    std::memcpy(ptr, head_.data() + offset_, n);
    offset_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = peer_.ip;
    port = peer_.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  // No socket: nothing may wait on one. Handlers never read a body.
  socket_t socket() const override { return INVALID_SOCKET; }

  std::string& output() { return out_; }

 private:
  std::string_view head_;
  size_t offset_ = 0;
  const PeerAddress& peer_;
  std::string out_;
};

bool HasBody(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  return req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0";
}

bool NeedsToken(std::string_view path_label) {
  return path_label == std::string_view("/metrics") || path_label == std::string_view("/status");
}

// The kubelet's probes are neither authenticated nor rate limited: a 429 on /healthz would
// make the kubelet restart a healthy sidecar, and startup probes alone come ~40 times a
// minute from one node address.
bool IsProbe(std::string_view path_label) {
  return path_label == std::string_view("/healthz") || path_label == std::string_view("/readyz");
}

}  // namespace

const char* PathLabel(std::string_view path) {
  for (const char* known : {"/healthz", "/readyz", "/status", "/metrics"}) {
    if (path == known) return known;
  }
  return "other";
}

struct RequestProcessor::Impl {
  Impl(const ServerOptions& server_options, bool tls_on, ProcessorDeps processor_deps,
       std::chrono::steady_clock::time_point started_at)
      : deps(processor_deps),
        tls(tls_on),
        stuck_after(server_options.stuck_after),
        started(started_at),
        rate_limit_rpm(server_options.rate_limit_rpm),
        metrics_cache(server_options.metrics_cache),
        throttle(kAuditWindow, server_options.limits.max_tracked_clients, processor_deps.clock) {}

  ProbeClock Probe() const { return {deps.clock.MonotonicNow(), started, stuck_after}; }

  // The /metrics body, rendered again once the cached one is older than the cache time.
  std::string MetricsBody() {
    std::lock_guard lock(metrics_mutex);
    auto now = deps.clock.MonotonicNow();
    if (!metrics_rendered || now - metrics_rendered_at >= metrics_cache) {
      metrics_body = deps.audit.Redact(deps.metrics.Render());
      metrics_rendered_at = now;
      metrics_rendered = true;
    }
    return metrics_body;
  }

  void Send(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    res.set_content(deps.audit.Redact(reply.body), reply.content_type);
  }

  Outcome Refuse(httplib::Response& res, int status, const std::string& text) {
    res.status = status;
    res.set_content(text + "\n", "text/plain; charset=utf-8");
    return Outcome::Handled;
  }

  void Audit(const httplib::Request& req, const char* kind, audit::AuditEvent event) {
    uint64_t suppressed = 0;
    if (!throttle.Admit(req.remote_addr + "|" + kind, &suppressed)) return;
    event.client_ip = req.remote_addr;
    event.subject = current_request->path;
    event.details["method"] = req.method;
    if (suppressed > 0) event.details["suppressed_since_last"] = suppressed;
    deps.audit.Record(event);
  }

  Outcome PreRoute(const httplib::Request& req, httplib::Response& res) {
    RequestContext& context = *current_request;
    context.path = PathLabel(req.path);
    if (req.method != "GET" && req.method != "HEAD") {
      // Whatever body follows cannot be trusted to be framed as we would read it: close.
      context.close = true;
      res.set_header("Allow", "GET, HEAD");
      return Refuse(res, 405, "method not allowed: use GET or HEAD");
    }
    if (HasBody(req)) {
      context.close = true;
      return Refuse(res, 413, "request bodies are not accepted");
    }
    if (deps.rate_limiter != nullptr && !IsProbe(context.path)) {
      RateLimiter::Decision decision = deps.rate_limiter->Admit(req.remote_addr);
      if (!decision.allowed) {
        deps.metrics.CountRateLimited();
        res.set_header("Retry-After", std::to_string(decision.retry_after.count()));
        Audit(
            req, "rate",
            {"http_rate_limited",
             "low",
             "throttle_request",
             "",
             "",
             "more than " + std::to_string(rate_limit_rpm) + " requests per minute from one client",
             "",
             {{"retry_after_seconds", decision.retry_after.count()}}});
        return Refuse(res, 429, "too many requests");
      }
    }
    if (deps.auth != nullptr && NeedsToken(context.path)) {
      AuthOutcome outcome = req.get_header_value_count("Authorization") > 1
                                ? AuthOutcome::kMalformed
                                : deps.auth->Check(req.get_header_value("Authorization"));
      if (outcome != AuthOutcome::kAccepted) {
        deps.metrics.CountAuthFailure();
        res.set_header("WWW-Authenticate", "Bearer realm=\"ats-guard\"");
        // An unusable token file locks Prometheus out: that is a configuration incident.
        const char* severity = outcome == AuthOutcome::kUnavailable ? "high" : "medium";
        Audit(
            req, "auth",
            {"http_auth_failure", severity, "deny_request", "", "",
             std::string("refused ") + current_request->path + ": " + DescribeAuthOutcome(outcome),
             "", nlohmann::json::object()});
        return Refuse(res, 401, "unauthorized");
      }
    }
    return Outcome::Unhandled;
  }

  void PostRoute(httplib::Response& res) {
    RequestContext& context = *current_request;
    for (const auto& [name, value] : SecurityHeaders(tls)) res.set_header(name, value);
    // A request httplib could not parse leaves the stream's framing in doubt.
    if (res.status == 400 || res.status == 414) context.close = true;
    if (context.close) {
      res.headers.erase("Keep-Alive");
      res.headers.erase("Connection");
      res.set_header("Connection", "close");
    }
    deps.metrics.CountRequest(context.path, res.status);
  }

  ProcessorDeps deps;
  const bool tls;
  const std::chrono::milliseconds stuck_after;
  const std::chrono::steady_clock::time_point started;
  const int rate_limit_rpm;
  const std::chrono::milliseconds metrics_cache;
  AuditThrottle throttle;
  std::mutex metrics_mutex;
  bool metrics_rendered = false;
  std::chrono::steady_clock::time_point metrics_rendered_at;
  std::string metrics_body;
  Engine engine;
};

RequestProcessor::RequestProcessor(const ServerOptions& options, bool tls, ProcessorDeps deps,
                                   std::chrono::steady_clock::time_point started)
    : impl_(std::make_unique<Impl>(options, tls, deps, started)) {
  Impl& impl = *impl_;
  Engine& engine = impl.engine;
  // Only for the Keep-Alive header httplib writes: the connection loop enforces both.
  engine.set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(options.timeouts.keep_alive).count());
  engine.set_keep_alive_max_count(options.limits.max_requests_per_connection);
  engine.set_pre_routing_handler([&impl](const httplib::Request& req, httplib::Response& res) {
    return impl.PreRoute(req, res);
  });
  engine.set_post_routing_handler(
      [&impl](const httplib::Request&, httplib::Response& res) { impl.PostRoute(res); });
  engine.set_exception_handler(
      [&impl](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        // The exception's text stays inside: it may name a file or worse.
        impl.deps.metrics.CountHandlerError();
        res.status = 500;
        res.set_content("internal error\n", "text/plain; charset=utf-8");
      });
  engine.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // httplib writes no body when it took the method for HEAD, and it does so even for a
    // request line it then rejects ("HEAD\r\n" -> 400): a body here would make
    // Content-Length promise bytes that never come (found by fuzz_http).
    if (res.body.empty() && req.method != "HEAD") {
      res.set_content(std::string(ReasonPhrase(res.status)) + "\n", "text/plain; charset=utf-8");
    }
  });

  engine.Get("/healthz", [&impl](const httplib::Request&, httplib::Response& res) {
    impl.Send(res, HealthReply(impl.deps.board.Read(), impl.Probe()));
  });
  engine.Get("/readyz", [&impl](const httplib::Request&, httplib::Response& res) {
    impl.Send(res, ReadyReply(impl.deps.board.Read(), impl.Probe()));
  });
  engine.Get("/status", [&impl](const httplib::Request&, httplib::Response& res) {
    impl.Send(res, StatusReply(impl.deps.board.Read(), impl.Probe(), impl.deps.clock.WallNow()));
  });
  engine.Get("/metrics", [&impl](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(impl.MetricsBody(), metrics::SidecarMetrics::kContentType);
  });
}

RequestProcessor::~RequestProcessor() = default;

HandlerResponse RequestProcessor::Handle(std::string_view head, const PeerAddress& peer,
                                         bool last) {
  RequestContext context;
  current_request = &context;
  HeadStream stream(head, peer);
  bool connection_closed = false;
  bool processed = false;
  try {
    processed = impl_->engine.Process(stream, last, connection_closed);
  } catch (...) {
    // Handlers are caught by httplib's exception handler; this is httplib itself failing
    // (out of memory while parsing, say).
    processed = false;
  }
  current_request = nullptr;
  if (!processed || stream.output().empty()) {
    impl_->deps.metrics.CountHandlerError();
    impl_->deps.metrics.CountRequest(context.path, 500);
    return {CannedResponse(500, impl_->tls), true};
  }
  return {std::move(stream.output()), last || connection_closed || context.close};
}

}  // namespace atsguard::http
