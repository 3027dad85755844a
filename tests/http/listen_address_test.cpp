#include <doctest/doctest.h>

#include "http/net.h"

namespace atsguard::testing {
namespace {

TEST_CASE("listen addresses: host and port, bracketed IPv6, port alone") {
  struct Case {
    const char* text;
    const char* host;
    int port;
  };
  for (Case c : {Case{"0.0.0.0:9464", "0.0.0.0", 9464}, Case{"127.0.0.1:0", "127.0.0.1", 0},
                 Case{"[::1]:8443", "::1", 8443}, Case{"[::]:9464", "::", 9464},
                 Case{":9464", "0.0.0.0", 9464}, Case{"localhost:65535", "localhost", 65535}}) {
    CAPTURE(c.text);
    auto address = http::ParseListenAddress(c.text);
    REQUIRE(address.ok());
    CHECK(address->host == c.host);
    CHECK(address->port == c.port);
  }
}

TEST_CASE("malformed listen addresses are refused, naming the text") {
  for (const char* text :
       {"9464", "host:", "host:65536", "host:-1", "host:80x", "::1:9464", "[::1]9464", "[::1"}) {
    CAPTURE(text);
    auto address = http::ParseListenAddress(text);
    REQUIRE_FALSE(address.ok());
    CHECK(address.status().code() == base::StatusCode::kInvalidArgument);
    CHECK(address.status().message().find(std::string("'") + text + "'") != std::string::npos);
  }
}

}  // namespace
}  // namespace atsguard::testing
