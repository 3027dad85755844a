#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace atsguard::reload {

// A parsed --webhook-url. Credentials (userinfo) are kept apart so that nothing that
// prints the target can print them.
struct WebhookUrl {
  std::string scheme;  // "http" | "https"
  std::string host;    // without brackets for IPv6
  int port = 0;
  std::string target = "/";  // path and query, as sent
  std::string user;          // percent-decoded userinfo; sent as basic auth
  std::string password;

  // scheme://host:port/path for logs, audit lines and /status: no userinfo, and the
  // query (tokens live there too) replaced by "?[redacted]".
  std::string Redacted() const;
  // scheme://host:port, what the HTTP client connects to.
  std::string Origin() const;
};

// Parses http(s)://[user[:password]@]host[:port][/path][?query]. Fails with
// kInvalidArgument; the message never repeats the URL (it may hold credentials).
base::Result<WebhookUrl> ParseWebhookUrl(std::string_view url);

// Status codes that mean success: "2xx", "200,204", "2xx,304". Ranges are inclusive.
using SuccessCodes = std::vector<std::pair<int, int>>;
base::Result<SuccessCodes> ParseSuccessCodes(std::string_view text);
bool IsSuccess(const SuccessCodes& codes, int status);

}  // namespace atsguard::reload
