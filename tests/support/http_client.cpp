#include "support/http_client.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <thread>

namespace atsguard::testing {

namespace {

template <typename Client>
HttpReply Send(Client& client, const std::string& method, const std::string& path,
               const httplib::Headers& headers, const std::string& body) {
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  client.set_write_timeout(5);
  httplib::Result result = method == "GET"    ? client.Get(path, headers)
                           : method == "HEAD" ? client.Head(path, headers)
                           : method == "POST" ? client.Post(path, headers, body, "text/plain")
                                              : client.Delete(path, headers);
  HttpReply reply;
  if (!result) {
    reply.error = httplib::to_string(result.error());
    return reply;
  }
  reply.status = result->status;
  reply.headers = result->headers;
  reply.body = result->body;
  return reply;
}

}  // namespace

HttpReply HttpRequest(int port, const std::string& method, const std::string& path,
                      const httplib::Headers& headers, const std::string& body) {
  httplib::Client client("127.0.0.1", port);
  return Send(client, method, path, headers, body);
}

HttpReply HttpGet(int port, const std::string& path, const httplib::Headers& headers) {
  return HttpRequest(port, "GET", path, headers);
}

HttpReply HttpsGet(int port, const std::string& path, const httplib::Headers& headers) {
  httplib::SSLClient client("127.0.0.1", port);
  client.enable_server_certificate_verification(false);
  return Send(client, "GET", path, headers, "");
}

bool WaitForHttpStatus(int port, const std::string& path, int status,
                       std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (HttpGet(port, path).status == status) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

RawClient::RawClient(int port, int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  if (receive_buffer > 0) {
    REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer) == 0);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
}

RawClient::~RawClient() { ::close(fd_); }

bool RawClient::Send(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    pollfd pfd{fd_, POLLOUT, 0};
    if (::poll(&pfd, 1, 5000) <= 0) return false;
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      closed_ = true;
      return false;
    }
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::string RawClient::ReadSome(std::chrono::milliseconds timeout) {
  std::string out;
  pollfd pfd{fd_, POLLIN, 0};
  if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return out;
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    closed_ = true;
    return out;
  }
  out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string RawClient::ReadUntilClosed(std::chrono::milliseconds timeout) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    out += ReadSome(left);
  }
  return out;
}

int StatusOf(const std::string& raw) {
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || raw.size() < 12) return -1;
  return std::stoi(raw.substr(9, 3));
}

RawResponse ParseResponse(const std::string& raw) {
  RawResponse response;
  response.status = StatusOf(raw);
  size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return response;
  size_t line = raw.find("\r\n") + 2;
  while (line < end) {
    size_t next = raw.find("\r\n", line);
    std::string header = raw.substr(line, next - line);
    size_t colon = header.find(':');
    if (colon != std::string::npos) {
      std::string name = header.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t value = header.find_first_not_of(' ', colon + 1);
      response.headers[name] = value == std::string::npos ? "" : header.substr(value);
    }
    line = next + 2;
  }
  response.body = raw.substr(end + 4);
  return response;
}

}  // namespace atsguard::testing
