#pragma once

#include <string>
#include <string_view>

#include "http/net.h"

namespace atsguard::http {

struct HandlerResponse {
  std::string bytes;   // the complete response: status line, headers, body
  bool close = false;  // close the connection after sending it
};

// What the connection loop asks of the HTTP layer: one complete request head in, one
// response out. Implementations are called from several loop threads at once and must be
// thread-safe; they must not block on I/O.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;

  // `head` is the request line and headers through the blank line that ends them; the
  // server accepts no request bodies. `last` is true when the connection closes after
  // this response whatever the client asked (per-connection limit), so the response must
  // say "Connection: close". Must not throw.
  virtual HandlerResponse Handle(std::string_view head, const PeerAddress& peer, bool last) = 0;
};

}  // namespace atsguard::http
