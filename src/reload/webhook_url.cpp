#include "reload/webhook_url.h"

#include "base/strings.h"

namespace atsguard::reload {

using base::Result;
using base::Status;
using base::StatusCode;

namespace {

Status Invalid(const std::string& why) {
  return Status(StatusCode::kInvalidArgument, "--webhook-url: " + why);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string WebhookUrl::Origin() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string WebhookUrl::Redacted() const {
  size_t query = target.find('?');
  if (query == std::string::npos) return Origin() + target;
  return Origin() + target.substr(0, query) + "?[redacted]";
}

Result<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  WebhookUrl parsed;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return Invalid("expected http://host[:port]/path");
  parsed.scheme = base::ToLower(url.substr(0, scheme_end));
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    return Invalid("scheme must be http or https");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    parsed.target = std::string(rest.substr(path_start));
    if (parsed.target.front() == '?') parsed.target = "/" + parsed.target;
  }
  if (parsed.target.find_first_of(" \r\n#") != std::string::npos) {
    return Invalid("the path must not contain spaces, line breaks or a fragment");
  }
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    parsed.user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos)
      parsed.password = PercentDecode(userinfo.substr(colon + 1));
    authority = authority.substr(at + 1);
  }
  std::string_view port_text;
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return Invalid("unclosed '[' in the host");
    parsed.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return Invalid("junk after the IPv6 host");
    if (!after.empty()) port_text = after.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    parsed.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (parsed.host.empty()) return Invalid("no host");
  parsed.port = parsed.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    long long port = 0;
    if (!base::ParseInt64(port_text, &port) || port < 1 || port > 65535) {
      return Invalid("the port must be 1..65535");
    }
    parsed.port = static_cast<int>(port);
  }
  return parsed;
}

Result<SuccessCodes> ParseSuccessCodes(std::string_view text) {
  SuccessCodes codes;
  for (const std::string& raw : base::Split(text, ',')) {
    std::string item = base::ToLower(base::Trim(raw));
    long long code = 0;
    if (item.size() == 3 && item[0] >= '1' && item[0] <= '5' && item.substr(1) == "xx") {
      int base_code = (item[0] - '0') * 100;
      codes.push_back({base_code, base_code + 99});
    } else if (base::ParseInt64(item, &code) && code >= 100 && code <= 599) {
      codes.push_back({static_cast<int>(code), static_cast<int>(code)});
    } else {
      return Status(StatusCode::kInvalidArgument,
                    "--webhook-success: '" + item +
                        "' is neither a status code (100..599) nor a class such as 2xx");
    }
  }
  if (codes.empty()) return Status(StatusCode::kInvalidArgument, "--webhook-success: empty");
  return codes;
}

bool IsSuccess(const SuccessCodes& codes, int status) {
  for (const auto& [low, high] : codes) {
    if (status >= low && status <= high) return true;
  }
  return false;
}

}  // namespace atsguard::reload
