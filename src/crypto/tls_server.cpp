#include "crypto/tls_server.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <ctime>
#include <optional>

#include "base/time_format.h"
#include "crypto/digest.h"
#include "crypto/openssl_util.h"

namespace atsguard::crypto {

namespace {

using base::Result;
using base::Status;
using base::StatusCode;

// Certificate bundles and keys are a few KiB; the cap only bounds a mistaken path.
constexpr size_t kMaxPemBytes = 256 * 1024;

// Mozilla's "intermediate" TLS 1.2 suites: forward secrecy and AEAD only. TLS 1.3 suites
// are all acceptable and keep OpenSSL's default order.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

struct ChainFree {
  void operator()(STACK_OF(X509) * chain) const { sk_X509_pop_free(chain, X509_free); }
};

std::optional<int> ProtocolVersion(const std::string& name) {
  if (name == "1.2") return TLS1_2_VERSION;
  if (name == "1.3") return TLS1_3_VERSION;
  return std::nullopt;
}

std::string NotAfter(X509* cert) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return "unknown";
  return base::FormatRfc3339(std::chrono::system_clock::from_time_t(timegm(&tm)));
}

}  // namespace

struct TlsServerContext::Credentials {
  detail::X509Ptr leaf;
  std::unique_ptr<STACK_OF(X509), ChainFree> chain;
  detail::PkeyPtr key;
  std::string digest;  // keyed digest of both files' bytes, to notice new content
};

// ---- TlsSession ----

TlsSession::~TlsSession() { SSL_free(ssl_); }

TlsIo TlsSession::Outcome(int ret) {
  switch (SSL_get_error(ssl_, ret)) {
    case SSL_ERROR_WANT_READ:
      return TlsIo::kWantRead;
    case SSL_ERROR_WANT_WRITE:
      return TlsIo::kWantWrite;
    case SSL_ERROR_ZERO_RETURN:
      return TlsIo::kClosed;
    case SSL_ERROR_SYSCALL:
      error_ = detail::DrainErrors("connection reset");
      return TlsIo::kError;
    default:
      error_ = detail::DrainErrors("TLS error");
      return TlsIo::kError;
  }
}

TlsIo TlsSession::Handshake() {
  // The error queue is per thread and shared by every session a thread drives: start clean
  // so one connection's failure is not reported on the next.
  ERR_clear_error();
  int ret = SSL_do_handshake(ssl_);
  return ret == 1 ? TlsIo::kOk : Outcome(ret);
}

TlsIo TlsSession::Read(char* buffer, size_t length, size_t* moved) {
  ERR_clear_error();
  *moved = 0;
  int ret = SSL_read_ex(ssl_, buffer, length, moved);
  return ret == 1 ? TlsIo::kOk : Outcome(ret);
}

TlsIo TlsSession::Write(const char* data, size_t length, size_t* moved) {
  ERR_clear_error();
  *moved = 0;
  int ret = SSL_write_ex(ssl_, data, length, moved);
  return ret == 1 ? TlsIo::kOk : Outcome(ret);
}

void TlsSession::Shutdown() {
  ERR_clear_error();
  // One call queues close_notify; the peer's answer is not awaited (the socket closes next).
  SSL_shutdown(ssl_);
  ERR_clear_error();
}

bool TlsSession::HasPending() const { return SSL_pending(ssl_) > 0; }

std::string TlsSession::Version() const { return SSL_get_version(ssl_); }

// ---- TlsServerContext ----

TlsServerContext::TlsServerContext(TlsServerConfig config, const sys::FileSystem& fs,
                                   const sys::Clock& clock, ReloadObserver observer)
    : config_(std::move(config)), fs_(fs), clock_(clock), observer_(std::move(observer)) {}

TlsServerContext::~TlsServerContext() { SSL_CTX_free(ctx_); }

Result<std::unique_ptr<TlsServerContext>> TlsServerContext::Create(TlsServerConfig config,
                                                                   const sys::FileSystem& fs,
                                                                   const sys::Clock& clock,
                                                                   ReloadObserver observer) {
  std::optional<int> min_version = ProtocolVersion(config.min_version);
  if (!min_version) {
    return Status(StatusCode::kInvalidArgument,
                  "TLS minimum version '" + config.min_version + "': use 1.2 or 1.3");
  }
  std::unique_ptr<TlsServerContext> context(
      new TlsServerContext(std::move(config), fs, clock, std::move(observer)));
  auto files = context->ReadFiles();
  if (!files.ok()) return files.status();
  auto loaded = context->Parse(std::move(files).value());
  if (!loaded.ok()) return loaded.status();
  context->current_ = loaded.value();
  context->next_check_ = clock.MonotonicNow() + context->config_.recheck_interval;

  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return Status(StatusCode::kInternal, detail::DrainErrors("SSL_CTX_new"));
  context->ctx_ = ctx;
  // IGNORE_UNEXPECTED_EOF: a client that closes without close_notify (most do after the
  // response) is a normal end of connection, not a protocol error.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                               SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF);
  // RELEASE_BUFFERS frees the 34 KiB of record buffers while a kept-alive connection idles.
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
  // No server-side session cache: memory stays flat however many clients come; TLS 1.3
  // and ticket resumption still work (tickets are stateless).
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  if (SSL_CTX_set_min_proto_version(ctx, *min_version) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Status(StatusCode::kInternal, detail::DrainErrors("configuring TLS"));
  }
  SSL_CTX_set_cert_cb(ctx, &TlsServerContext::SelectCertificate, context.get());
  return context;
}

Result<std::unique_ptr<TlsSession>> TlsServerContext::NewSession(int fd) const {
  ERR_clear_error();
  SSL* ssl = SSL_new(ctx_);
  if (ssl == nullptr) return Status(StatusCode::kInternal, detail::DrainErrors("SSL_new"));
  std::unique_ptr<TlsSession> session(new TlsSession(ssl));
  if (SSL_set_fd(ssl, fd) != 1) {
    return Status(StatusCode::kInternal, detail::DrainErrors("SSL_set_fd"));
  }
  SSL_set_accept_state(ssl);
  return session;
}

Result<TlsServerContext::PemFiles> TlsServerContext::ReadFiles() const {
  auto cert_pem = fs_.ReadFile(config_.cert_path, kMaxPemBytes);
  if (!cert_pem.ok()) return cert_pem.status();
  auto key_pem = fs_.ReadFile(config_.key_path, kMaxPemBytes);
  if (!key_pem.ok()) return key_pem.status();
  PemFiles files{std::move(cert_pem).value(), std::move(key_pem).value(), ""};
  KeyedHasher hasher;
  hasher.Add(files.cert);
  hasher.Add(files.key);
  files.digest = hasher.Finish();
  return files;
}

Result<std::shared_ptr<const TlsServerContext::Credentials>> TlsServerContext::Parse(
    PemFiles files) const {
  auto credentials = std::make_shared<Credentials>();
  credentials->digest = files.digest;

  ERR_clear_error();
  detail::BioPtr cert_bio = detail::MemoryBio(files.cert);
  credentials->leaf.reset(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (!credentials->leaf) {
    return Status(StatusCode::kInvalidArgument,
                  config_.cert_path + ": " + detail::DrainErrors("no PEM certificate"));
  }
  credentials->chain.reset(sk_X509_new_null());
  while (X509* extra = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr)) {
    sk_X509_push(credentials->chain.get(), extra);
  }
  ERR_clear_error();  // the loop ends on "no start line": the end of the bundle

  detail::BioPtr key_bio = detail::MemoryBio(files.key);
  credentials->key.reset(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, detail::RefusePassword, nullptr));
  // The key's text is no longer needed; do not leave it in freed heap memory.
  OPENSSL_cleanse(files.key.data(), files.key.size());
  if (!credentials->key) {
    return Status(StatusCode::kInvalidArgument,
                  config_.key_path + ": " + detail::DrainErrors("no PEM private key"));
  }
  if (X509_check_private_key(credentials->leaf.get(), credentials->key.get()) != 1) {
    ERR_clear_error();
    return Status(StatusCode::kInvalidArgument,
                  config_.key_path + ": does not match the certificate in " + config_.cert_path);
  }
  return std::shared_ptr<const Credentials>(std::move(credentials));
}

std::optional<CertificateReload> TlsServerContext::RecheckLocked() {
  auto files = ReadFiles();
  // What identifies the state on disk: the content's digest, or the read error.
  std::string state = files.ok() ? files->digest : files.status().message();
  if (state == current_->digest || state == last_failure_) return std::nullopt;
  base::Status failure = files.status();
  if (files.ok()) {
    auto parsed = Parse(std::move(files).value());
    if (parsed.ok()) {
      current_ = parsed.value();
      last_failure_.clear();
      return CertificateReload{true, "serving the new certificate from " + config_.cert_path +
                                         " (expires " + NotAfter(current_->leaf.get()) + ")"};
    }
    failure = parsed.status();
  }
  // The same broken state is reported once, not at every recheck.
  last_failure_ = state;
  return CertificateReload{false, failure.message() + "; still serving the previous certificate"};
}

std::shared_ptr<const TlsServerContext::Credentials> TlsServerContext::Current() {
  std::optional<CertificateReload> event;
  std::shared_ptr<const Credentials> serve;
  {
    std::lock_guard lock(mutex_);
    auto now = clock_.MonotonicNow();
    if (now >= next_check_) {
      next_check_ = now + config_.recheck_interval;
      event = RecheckLocked();
    }
    serve = current_;
  }
  if (event && observer_) observer_(*event);
  return serve;
}

int TlsServerContext::SelectCertificate(ssl_st* ssl, void* self) {
  auto credentials = static_cast<TlsServerContext*>(self)->Current();
  // SSL_use_* take their own references: the pair outlives a reload that replaces it.
  if (SSL_use_certificate(ssl, credentials->leaf.get()) != 1 ||
      SSL_use_PrivateKey(ssl, credentials->key.get()) != 1 ||
      SSL_set1_chain(ssl, credentials->chain.get()) != 1) {
    return 0;
  }
  return 1;
}

}  // namespace atsguard::crypto
