#include "http/sidecar_server.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>

#include "base/strings.h"
#include "crypto/tls_server.h"
#include "http/bearer_auth.h"
#include "http/connection_loop.h"
#include "http/rate_limiter.h"
#include "http/request_processor.h"
#include "sys/thread_name.h"

namespace atsguard::http {

namespace {

// Connections the kernel queues before accept (capped by net.core.somaxconn). Probes and
// scrapes arrive in bursts after a pod restart; a short queue drops SYNs and costs clients
// a one-second retransmit.
constexpr int kListenBacklog = 511;

base::Status Annotate(const base::Status& status, const std::string& flag) {
  return base::Status(status.code(), flag + ": " + status.message());
}

}  // namespace

SidecarServer::SidecarServer(ServerOptions options, const status::StatusBoard& board,
                             audit::AuditLog& audit, const sys::Clock& clock,
                             const sys::FileSystem& fs)
    : options_(std::move(options)),
      board_(board),
      audit_(audit),
      clock_(clock),
      fs_(fs),
      metrics_(std::make_unique<metrics::SidecarMetrics>(board, clock, fs)) {}

SidecarServer::~SidecarServer() { Stop(); }

base::Status SidecarServer::Start() {
  if (started_) return {base::StatusCode::kFailedPrecondition, "the HTTP server already started"};
  if (base::Status valid = ValidateServerOptions(options_); !valid.ok()) return valid;
  auto address = ParseListenAddress(options_.listen);
  if (!address.ok()) return address.status();

  if (!options_.auth_token_file.empty()) {
    auth_ = std::make_unique<BearerAuth>(options_.auth_token_file, fs_, clock_,
                                         options_.credential_recheck);
    if (base::Status loaded = auth_->Load(); !loaded.ok()) {
      return Annotate(loaded, "--auth-token-file");
    }
  }
  if (!options_.tls_cert.empty()) {
    crypto::TlsServerConfig config{options_.tls_cert, options_.tls_key, options_.tls_min_version,
                                   options_.credential_recheck};
    auto tls = crypto::TlsServerContext::Create(
        config, fs_, clock_, [this](const crypto::CertificateReload& reload) {
          RecordCertificateReload(reload.success, reload.message);
        });
    if (!tls.ok()) return Annotate(tls.status(), "--tls-cert/--tls-key");
    tls_ = std::move(tls).value();
  }
  if (options_.rate_limit_rpm > 0) {
    rate_limiter_ = std::make_unique<RateLimiter>(options_.rate_limit_rpm,
                                                  options_.limits.max_tracked_clients, clock_);
  }
  processor_ = std::make_unique<RequestProcessor>(
      options_, tls_ != nullptr,
      ProcessorDeps{board_, *metrics_, audit_, clock_, auth_.get(), rate_limiter_.get()},
      clock_.MonotonicNow());

  auto listener = Listen(address.value(), kListenBacklog);
  if (!listener.ok()) return listener.status();
  UniqueFd listen_fd = std::move(listener).value();
  UniqueFd stop_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!stop_fd.valid()) return base::ErrnoStatus(errno, "eventfd");

  // OpenSSL writes to sockets with write(2): a client that resets a TLS connection must
  // not kill the process with SIGPIPE. (Plain connections use MSG_NOSIGNAL.)
  std::signal(SIGPIPE, SIG_IGN);

  shared_ = std::make_unique<LoopShared>(listen_fd.get(), stop_fd.get(), *processor_, tls_.get(),
                                         *metrics_, clock_, options_);
  for (size_t i = 0; i < options_.threads; ++i) {
    auto loop = std::make_unique<ConnectionLoop>(*shared_);
    if (base::Status ready = loop->Init(); !ready.ok()) {
      loops_.clear();
      shared_.reset();
      return ready;
    }
    loops_.push_back(std::move(loop));
  }
  port_ = BoundPort(listen_fd.get());
  // Closed only after every loop thread has been joined (Stop).
  listen_fd_ = std::move(listen_fd);
  stop_fd_ = std::move(stop_fd);
  started_ = true;
  for (auto& loop : loops_) {
    threads_.emplace_back([raw = loop.get()] {
      sys::NameThisThread("http");
      raw->Run();
    });
  }

  std::vector<std::string> hardening;
  hardening.push_back(tls_ ? "TLS " + options_.tls_min_version + "+" : "plain HTTP");
  if (auth_) hardening.push_back("bearer token on /metrics and /status");
  if (rate_limiter_)
    hardening.push_back(std::to_string(options_.rate_limit_rpm) + " requests/min per client");
  audit_.Record({"http_server_started", "info", "serve", "", address->text,
                 "serving /healthz /readyz /status /metrics on port " + std::to_string(port_) +
                     " (" + base::Join(hardening, ", ") + ")",
                 "", nlohmann::json::object()});
  return base::Status::Ok();
}

void SidecarServer::Stop() {
  if (!started_) return;
  started_ = false;
  uint64_t one = 1;
  ssize_t written = ::write(stop_fd_.get(), &one, sizeof one);
  (void)written;  // an eventfd write of 1 only fails on overflow, impossible here
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  loops_.clear();
  shared_.reset();
  listen_fd_.Reset();
  stop_fd_.Reset();
  port_ = -1;
}

void SidecarServer::RecordCertificateReload(bool success, const std::string& message) {
  metrics_->CountCertificateReload(success);
  audit_.Record({"tls_certificate_reload", success ? "info" : "high",
                 success ? "serve_new_certificate" : "keep_previous_certificate", "",
                 options_.tls_cert, message, "", nlohmann::json::object()});
}

}  // namespace atsguard::http
