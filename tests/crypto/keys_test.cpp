#include "crypto/keys.h"

#include <doctest/doctest.h>

#include "support/test_pki.h"

namespace atsguard::crypto {
namespace {

using testing::RsaKeyPem;

TEST_CASE("an RSA key is measured and checked") {
  auto report = AnalyzePrivateKey(RsaKeyPem(2048));
  REQUIRE(report.ok());
  CHECK(report->type == KeyType::kRsa);
  CHECK(report->bits == 2048);
  CHECK(report->exponent_is_65537);
  CHECK(report->checks_run);
  CHECK(report->private_check_ok);
  CHECK(report->pairwise_check_ok);
  CHECK_FALSE(report->spki_der.empty());
}

TEST_CASE("exponent 3 is noticed") {
  auto report = AnalyzePrivateKey(RsaKeyPem(2048, 3));
  REQUIRE(report.ok());
  CHECK_FALSE(report->exponent_is_65537);
}

TEST_CASE("the public half of a key pair has the same SPKI") {
  const std::string key = RsaKeyPem(2048);
  auto priv = AnalyzePrivateKey(key);
  auto pub = AnalyzePublicKey(testing::PublicKeyPem(key));
  REQUIRE(priv.ok());
  REQUIRE(pub.ok());
  CHECK(pub->spki_der == priv->spki_der);
}

TEST_CASE("a key whose modulus belongs to another key pair fails the round trip") {
  auto report = AnalyzePrivateKey(testing::MismatchedRsaKeyPem());
  REQUIRE(report.ok());
  CHECK(report->checks_run);
  CHECK_FALSE(report->pairwise_check_ok);
  CHECK_FALSE(report->check_error.empty());
}

TEST_CASE("malformed, encrypted and empty PEM fail with a reason and no prompt") {
  const char* encrypted =
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
      "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIAAAAAAAAAAACAggA\n"
      "-----END ENCRYPTED PRIVATE KEY-----\n";
  for (const char* bad : {"", "garbage", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                          encrypted}) {
    CAPTURE(std::string(bad));
    auto report = AnalyzePrivateKey(bad);
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().message().find("not a readable PEM private key") != std::string::npos);
  }
}

TEST_CASE("generated RSA keys parse and have the asked size") {
  auto pem = GenerateRsaKeyPem(2048);
  REQUIRE(pem.ok());
  auto report = AnalyzePrivateKey(pem.value());
  REQUIRE(report.ok());
  CHECK(report->bits == 2048);
}

}  // namespace
}  // namespace atsguard::crypto
