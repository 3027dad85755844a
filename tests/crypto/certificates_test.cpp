#include "crypto/certificates.h"

#include <doctest/doctest.h>

#include <ctime>

#include "support/test_pki.h"

namespace atsguard::crypto {
namespace {

TEST_CASE("a certificate's validity, SAN and key are read") {
  const std::string key = testing::RsaKeyPem(2048);
  auto certs = AnalyzeCertificates(testing::SelfSignedCertPem(key, {-1, 30, true, false}));
  REQUIRE(certs.ok());
  REQUIRE(certs->size() == 1);
  const auto& leaf = certs->front();
  const std::time_t now = std::time(nullptr);
  CHECK(leaf.not_before < now);
  CHECK(leaf.not_after > now + 29 * 86400);
  CHECK(leaf.has_subject_alt_names);
  CHECK_FALSE(leaf.is_ca);
  CHECK(leaf.key_type == KeyType::kRsa);
  CHECK(leaf.key_bits == 2048);
  CHECK(leaf.spki_der == AnalyzePrivateKey(key)->spki_der);
}

TEST_CASE("a bundle yields every certificate, leaf first") {
  const std::string leaf = testing::SelfSignedCertPem(testing::RsaKeyPem(2048), {-1, 30, true, false});
  const std::string ca = testing::SelfSignedCertPem(testing::EcKeyPem(), {-1, 300, false, true});
  auto certs = AnalyzeCertificates(leaf + ca);
  REQUIRE(certs.ok());
  REQUIRE(certs->size() == 2);
  CHECK(certs->at(1).is_ca);
  CHECK(certs->at(1).key_type == KeyType::kEc);
  CHECK(certs->at(1).curve == "prime256v1");
}

TEST_CASE("garbage and truncated certificates are errors") {
  const std::string good = testing::SelfSignedCertPem(testing::RsaKeyPem(2048));
  for (const std::string& bad : {std::string(""), std::string("hello"),
                                 good.substr(0, good.size() / 2),
                                 good + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}) {
    auto certs = AnalyzeCertificates(bad);
    CHECK_FALSE(certs.ok());
  }
}

}  // namespace
}  // namespace atsguard::crypto
