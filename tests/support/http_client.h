#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <string>

namespace atsguard::testing {

// What a request to the server under test got back. status is -1 when no response came
// (connection refused, reset, timed out); error then says why.
struct HttpReply {
  int status = -1;
  httplib::Headers headers;
  std::string body;
  std::string error;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// One request over a fresh loopback connection, with 5 s timeouts.
HttpReply HttpGet(int port, const std::string& path, const httplib::Headers& headers = {});
HttpReply HttpRequest(int port, const std::string& method, const std::string& path,
                      const httplib::Headers& headers = {}, const std::string& body = "");
// Over TLS, without verifying the server's certificate (tests of TLS itself use
// TlsConnect).
HttpReply HttpsGet(int port, const std::string& path, const httplib::Headers& headers = {});

// Polls GET `path` every 20 ms until it answers `status`; false when `deadline` passed first.
bool WaitForHttpStatus(int port, const std::string& path, int status,
                       std::chrono::milliseconds deadline);

// A client socket on loopback under the test's control, for what a well-behaved client
// never does: send a request slowly, or too much of it. Blocking; every wait is bounded.
class RawClient {
 public:
  // `receive_buffer` > 0 shrinks the socket's receive buffer (before connecting, so the
  // advertised window shrinks too): a client that reads nothing fills up quickly.
  explicit RawClient(int port, int receive_buffer = 0);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // False once the server has closed or reset the connection.
  bool Send(const std::string& bytes);
  // Everything the server sends until it closes the connection, or until `timeout`.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout);
  // Whatever arrives within `timeout` (at least one byte, unless the connection closes).
  std::string ReadSome(std::chrono::milliseconds timeout);
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool closed_ = false;
};

// The status code of the first response in raw HTTP bytes; -1 when there is none.
int StatusOf(const std::string& raw_response);

// One raw HTTP response split into status, headers (names lower-cased) and body.
struct RawResponse {
  int status = -1;
  std::map<std::string, std::string> headers;
  std::string body;
};
RawResponse ParseResponse(const std::string& raw_response);

}  // namespace atsguard::testing
