#include "http/transport.h"

#include <sys/socket.h>

#include <cerrno>

namespace atsguard::http {

namespace {

class PlainTransport : public Transport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) {}

  IoStatus Handshake() override { return IoStatus::kOk; }

  IoStatus Read(char* buffer, size_t length, size_t* moved) override {
    *moved = 0;
    while (true) {
      ssize_t n = ::recv(fd_, buffer, length, MSG_DONTWAIT);
      if (n > 0) {
        *moved = static_cast<size_t>(n);
        return IoStatus::kOk;
      }
      if (n == 0) return IoStatus::kClosed;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus::kWantRead;
      return errno == ECONNRESET ? IoStatus::kClosed : IoStatus::kError;
    }
  }

  IoStatus Write(const char* data, size_t length, size_t* moved) override {
    *moved = 0;
    while (true) {
      // MSG_NOSIGNAL: a peer that went away is an error to handle, not a SIGPIPE.
      ssize_t n = ::send(fd_, data, length, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n >= 0) {
        *moved = static_cast<size_t>(n);
        return IoStatus::kOk;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus::kWantWrite;
      return errno == EPIPE || errno == ECONNRESET ? IoStatus::kClosed : IoStatus::kError;
    }
  }

  void ShutdownWrite() override { ::shutdown(fd_, SHUT_WR); }

 private:
  int fd_;
};

class TlsTransport : public Transport {
 public:
  TlsTransport(int fd, std::unique_ptr<crypto::TlsSession> session)
      : fd_(fd), session_(std::move(session)) {}

  IoStatus Handshake() override { return Convert(session_->Handshake()); }

  IoStatus Read(char* buffer, size_t length, size_t* moved) override {
    return Convert(session_->Read(buffer, length, moved));
  }

  IoStatus Write(const char* data, size_t length, size_t* moved) override {
    return Convert(session_->Write(data, length, moved));
  }

  void ShutdownWrite() override {
    session_->Shutdown();
    ::shutdown(fd_, SHUT_WR);
  }

 private:
  static IoStatus Convert(crypto::TlsIo io) {
    switch (io) {
      case crypto::TlsIo::kOk:
        return IoStatus::kOk;
      case crypto::TlsIo::kWantRead:
        return IoStatus::kWantRead;
      case crypto::TlsIo::kWantWrite:
        return IoStatus::kWantWrite;
      case crypto::TlsIo::kClosed:
        return IoStatus::kClosed;
      case crypto::TlsIo::kError:
        return IoStatus::kError;
    }
    return IoStatus::kError;
  }

  int fd_;
  std::unique_ptr<crypto::TlsSession> session_;
};

}  // namespace

std::unique_ptr<Transport> MakePlainTransport(int fd) {
  return std::make_unique<PlainTransport>(fd);
}

std::unique_ptr<Transport> MakeTlsTransport(int fd, std::unique_ptr<crypto::TlsSession> session) {
  return std::make_unique<TlsTransport>(fd, std::move(session));
}

}  // namespace atsguard::http
