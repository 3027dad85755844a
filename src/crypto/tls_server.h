#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"
#include "sys/clock.h"
#include "sys/file_system.h"

// OpenSSL's types, declared so this header does not pull OpenSSL into its users.
struct ssl_st;
struct ssl_ctx_st;

namespace atsguard::crypto {

// Outcome of one non-blocking TLS operation.
enum class TlsIo {
  kOk,         // done (or some bytes moved)
  kWantRead,   // call again when the socket is readable
  kWantWrite,  // call again when the socket is writable
  kClosed,     // the peer closed the connection (close_notify or EOF)
  kError,      // protocol or socket error; error() says which
};

// The server side of one TLS connection over a non-blocking socket that the caller owns
// and closes after this session is destroyed. Not thread-safe: one thread drives it at a
// time.
class TlsSession {
 public:
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  TlsIo Handshake();
  // `*moved` is the number of bytes read or written when the result is kOk.
  TlsIo Read(char* buffer, size_t length, size_t* moved);
  TlsIo Write(const char* data, size_t length, size_t* moved);
  // Sends close_notify, without waiting for the peer's.
  void Shutdown();
  // Decrypted bytes OpenSSL holds that the socket will not signal again.
  bool HasPending() const;
  // "TLSv1.3" once the handshake is done.
  std::string Version() const;
  // OpenSSL's reason for the last kError.
  const std::string& error() const { return error_; }

 private:
  friend class TlsServerContext;
  explicit TlsSession(ssl_st* ssl) : ssl_(ssl) {}
  TlsIo Outcome(int ret);

  ssl_st* ssl_;
  std::string error_;
};

struct TlsServerConfig {
  std::string cert_path;            // PEM: the leaf certificate, then any intermediates
  std::string key_path;             // PEM private key, unencrypted
  std::string min_version = "1.2";  // "1.2" or "1.3"
  // How often a handshake may look at the files again. The files are re-read, not
  // stat'ed: a rewrite in place keeps the inode and, often, the size.
  std::chrono::milliseconds recheck_interval{1000};
};

// The result of loading certificate files that changed content.
struct CertificateReload {
  bool success = false;
  std::string message;  // names the files; never key material
};

// The server's TLS configuration: TLS 1.2 or 1.3 as the minimum, ECDHE with AEAD ciphers
// only for TLS 1.2, no renegotiation, no compression. The certificate is not fixed at
// start: every handshake asks for the current pair, and the files are re-read (at most
// once per recheck_interval) so a rotated certificate is served without a restart. New
// content that does not parse, or whose key does not match its certificate (a rotation
// caught half-way), is reported once and the previous pair stays in service.
// Borrows fs and clock. Thread-safe: sessions may be created and handshakes run on any
// number of threads.
class TlsServerContext {
 public:
  using ReloadObserver = std::function<void(const CertificateReload&)>;

  // Loads the files once. Fails with kInvalidArgument (bad min_version, bad PEM, key not
  // matching the certificate), kNotFound or kPermissionDenied, naming the file.
  // `observer` is called on handshake threads after each reload attempt.
  static base::Result<std::unique_ptr<TlsServerContext>> Create(TlsServerConfig config,
                                                                const sys::FileSystem& fs,
                                                                const sys::Clock& clock,
                                                                ReloadObserver observer = {});
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  // A session over connected socket `fd`. kInternal when OpenSSL cannot allocate one.
  base::Result<std::unique_ptr<TlsSession>> NewSession(int fd) const;

 private:
  struct Credentials;
  TlsServerContext(TlsServerConfig config, const sys::FileSystem& fs, const sys::Clock& clock,
                   ReloadObserver observer);

  struct PemFiles {
    std::string cert;
    std::string key;
    std::string digest;  // keyed digest of both, to notice new content
  };

  // The pair to serve now, after re-reading the files when due.
  std::shared_ptr<const Credentials> Current();
  // Reads the files again and swaps in new valid content; the event to report, if any.
  std::optional<CertificateReload> RecheckLocked();
  base::Result<PemFiles> ReadFiles() const;
  base::Result<std::shared_ptr<const Credentials>> Parse(PemFiles files) const;
  static int SelectCertificate(ssl_st* ssl, void* self);

  TlsServerConfig config_;
  const sys::FileSystem& fs_;
  const sys::Clock& clock_;
  ReloadObserver observer_;
  ssl_ctx_st* ctx_ = nullptr;

  std::mutex mutex_;
  std::shared_ptr<const Credentials> current_;
  std::string last_failure_;  // digest (or read error) of content that failed to load
  std::chrono::steady_clock::time_point next_check_;
};

}  // namespace atsguard::crypto
