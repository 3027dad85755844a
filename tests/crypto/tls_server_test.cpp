#include "crypto/tls_server.h"

#include <doctest/doctest.h>

#include "support/fake_clock.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

namespace atsguard::testing {
namespace {

struct TlsFiles {
  TlsFiles(const std::string& cert, const std::string& key) {
    WriteFile(dir.Sub("tls.crt"), cert);
    WriteFile(dir.Sub("tls.key"), key);
  }
  crypto::TlsServerConfig Config(const std::string& min_version = "1.2") const {
    return {dir.Sub("tls.crt"), dir.Sub("tls.key"), min_version, std::chrono::seconds(1)};
  }
  TempDir dir;
};

TEST_CASE("a matching certificate and key make a context, the chain may follow the leaf") {
  std::string key = EcKeyPem();
  std::string ca = SelfSignedCertPem(EcKeyPem(), {-1, 365, true, true});
  TlsFiles files(SelfSignedCertPem(key) + ca, key);
  FakeClock clock;
  sys::PosixFileSystem fs;
  auto context = crypto::TlsServerContext::Create(files.Config(), fs, clock);
  REQUIRE_MESSAGE(context.ok(), context.status().message());
  CHECK(context.value()->NewSession(-1).ok());
}

TEST_CASE("a context is refused for a bad version, a mismatched key or unreadable files") {
  std::string key = RsaKeyPem(2048);
  FakeClock clock;
  sys::PosixFileSystem fs;
  SUBCASE("TLS 1.1 as the minimum") {
    TlsFiles files(SelfSignedCertPem(key), key);
    auto context = crypto::TlsServerContext::Create(files.Config("1.1"), fs, clock);
    CHECK(context.status().message() == "TLS minimum version '1.1': use 1.2 or 1.3");
  }
  SUBCASE("a key that is not the certificate's") {
    TlsFiles files(SelfSignedCertPem(key), EcKeyPem());
    auto context = crypto::TlsServerContext::Create(files.Config(), fs, clock);
    CHECK(context.status().code() == base::StatusCode::kInvalidArgument);
    CHECK(context.status().message().find("does not match the certificate") != std::string::npos);
  }
  SUBCASE("not PEM at all") {
    TlsFiles files("not a certificate", key);
    auto context = crypto::TlsServerContext::Create(files.Config(), fs, clock);
    CHECK(context.status().message().find(files.dir.Sub("tls.crt")) == 0);
  }
  SUBCASE("a missing key file") {
    TlsFiles files(SelfSignedCertPem(key), key);
    crypto::TlsServerConfig config = files.Config();
    config.key_path = files.dir.Sub("missing.key");
    auto context = crypto::TlsServerContext::Create(config, fs, clock);
    CHECK(context.status().code() == base::StatusCode::kNotFound);
  }
}

}  // namespace
}  // namespace atsguard::testing
