#include "http/net.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/strings.h"

namespace atsguard::http {

using base::Status;
using base::StatusCode;

void UniqueFd::Reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

base::Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto invalid = [&text](const char* why) {
    return Status(StatusCode::kInvalidArgument, "listen address '" + std::string(text) +
                                                    "': " + why +
                                                    " (expected HOST:PORT, [IPv6]:PORT or :PORT)");
  };
  ListenAddress address;
  address.text = std::string(text);
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return invalid("unterminated IPv6 address");
    }
    address.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return invalid("no port");
    address.host = std::string(text.substr(0, colon));
    if (address.host.find(':') != std::string::npos) {
      return invalid("an IPv6 address must be in brackets");
    }
    port_text = text.substr(colon + 1);
  }
  if (address.host.empty()) address.host = "0.0.0.0";
  long long port = -1;
  if (!base::ParseInt64(port_text, &port) || port < 0 || port > 65535) {
    return invalid("the port must be a number from 0 to 65535");
  }
  address.port = static_cast<uint16_t>(port);
  return address;
}

base::Result<UniqueFd> Listen(const ListenAddress& address, int backlog) {
  std::string where = "listen " + address.text;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(address.port);
  int rc = ::getaddrinfo(address.host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) {
    return Status(StatusCode::kInvalidArgument,
                  where + ": cannot resolve '" + address.host + "': " + ::gai_strerror(rc));
  }
  Status last(StatusCode::kInvalidArgument, where + ": no usable address");
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    UniqueFd fd(
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
    if (!fd.valid()) {
      last = base::ErrnoStatus(errno, where + ": socket");
      continue;
    }
    int yes = 1;
    int no = 0;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (ai->ai_family == AF_INET6)
      ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
    if (::bind(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0) {
      last = base::ErrnoStatus(errno, where + ": bind");
      continue;
    }
    if (::listen(fd.get(), backlog) != 0) {
      last = base::ErrnoStatus(errno, where + ": listen");
      continue;
    }
    ::freeaddrinfo(found);
    return fd;
  }
  ::freeaddrinfo(found);
  return last;
}

int BoundPort(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  return -1;
}

PeerAddress PeerOf(int fd) {
  PeerAddress peer;
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return peer;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    peer.port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&addr);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      ::inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], text, sizeof text);
    } else {
      ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    }
    peer.port = ntohs(in6->sin6_port);
  }
  peer.ip = text;
  return peer;
}

}  // namespace atsguard::http
