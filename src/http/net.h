#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"

// Sockets for the HTTP server: the listening socket and what is known of a peer.
namespace atsguard::http {

// Owns a file descriptor; closes it on destruction. Move-only.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset();

 private:
  int fd_ = -1;
};

struct ListenAddress {
  std::string host;  // numeric address or name; "0.0.0.0" when the text gave none
  uint16_t port = 0;
  std::string text;  // as given, for messages
};

// "0.0.0.0:9464", "127.0.0.1:0", "[::1]:9464", ":9464" (every IPv4 address),
// "localhost:9464". kInvalidArgument naming the text otherwise.
base::Result<ListenAddress> ParseListenAddress(std::string_view text);

// A non-blocking, close-on-exec TCP socket listening on `address` (SO_REUSEADDR; an IPv6
// wildcard also accepts IPv4). Errors name the address and the failing call:
// "listen 127.0.0.1:9464: bind: Address already in use".
base::Result<UniqueFd> Listen(const ListenAddress& address, int backlog);

// The local port of a bound socket (the real one after binding port 0); -1 on error.
int BoundPort(int fd);

// The peer of a connected socket as text: "10.1.2.3" or "fd00::1" (an IPv4-mapped IPv6
// peer shows as IPv4, so one client has one identity for rate limits and audit).
struct PeerAddress {
  std::string ip;
  int port = 0;
};
PeerAddress PeerOf(int fd);

}  // namespace atsguard::http
