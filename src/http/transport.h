#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "crypto/tls_server.h"

namespace atsguard::http {

enum class IoStatus {
  kOk,         // progress: some bytes moved, or the handshake finished
  kWantRead,   // wait until the socket is readable, then call again
  kWantWrite,  // wait until the socket is writable, then call again
  kClosed,     // the peer ended the connection
  kError,      // anything else; the connection is dropped
};

// The byte stream of one client connection over a non-blocking socket: plain TCP or TLS.
// Never blocks. Does not own the socket. Not thread-safe: one event loop drives it.
class Transport {
 public:
  virtual ~Transport() = default;

  // kOk at once for plain TCP; the TLS handshake otherwise.
  virtual IoStatus Handshake() = 0;
  virtual IoStatus Read(char* buffer, size_t length, size_t* moved) = 0;
  virtual IoStatus Write(const char* data, size_t length, size_t* moved) = 0;
  // Ends the server's half of the stream (TLS: close_notify first), so the client sees the
  // end of the last response while its own unread input can still be drained.
  virtual void ShutdownWrite() = 0;
};

std::unique_ptr<Transport> MakePlainTransport(int fd);
std::unique_ptr<Transport> MakeTlsTransport(int fd, std::unique_ptr<crypto::TlsSession> session);

}  // namespace atsguard::http
