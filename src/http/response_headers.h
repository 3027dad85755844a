#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace atsguard::http {

// Headers every response carries. The endpoints serve machines (kubelet, Prometheus,
// curl): nothing may be sniffed into HTML, framed, scripted or cached by a proxy, and
// under TLS a browser must not fall back to plain HTTP.
std::vector<std::pair<std::string, std::string>> SecurityHeaders(bool tls);

// The reason phrase of the status codes the server produces ("Not Found"); "Error" for
// others.
const char* ReasonPhrase(int code);

// A complete response the transport sends on its own, before or instead of routing
// (408, 431, 500, 503): a short text body, the security headers, "Connection: close",
// and Retry-After when `retry_after` is positive.
std::string CannedResponse(int code, bool tls,
                           std::chrono::seconds retry_after = std::chrono::seconds(0));

}  // namespace atsguard::http
