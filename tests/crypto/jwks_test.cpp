#include "crypto/jwks.h"

#include <doctest/doctest.h>

#include "crypto/keys.h"
#include "support/test_pki.h"

namespace atsguard::crypto {
namespace {

TEST_CASE("an RSA JWK is turned into the same public key") {
  const std::string key = testing::RsaKeyPem(2048);
  auto keys = AnalyzeJwks(testing::JwksFor(key, "k1"));
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 1);
  CHECK(keys->at(0).kid == "k1");
  CHECK(keys->at(0).use == "sig");
  CHECK(keys->at(0).alg == "RS256");
  CHECK_FALSE(keys->at(0).has_private_members);
  CHECK(keys->at(0).error.empty());
  CHECK(keys->at(0).spki_der == AnalyzePrivateKey(key)->spki_der);
}

TEST_CASE("private members are noticed") {
  auto keys = AnalyzeJwks(testing::JwksFor(testing::RsaKeyPem(2048), "k", "RS256", R"("d":"AQAB")"));
  REQUIRE(keys.ok());
  CHECK(keys->at(0).has_private_members);
}

TEST_CASE("malformed JWKS reports the byte offset and never the text") {
  auto bad = AnalyzeJwks("{\"keys\": [{\"kty\": \"RSA\", \"n\": \"SECRET-CANARY-42\" ");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("byte") != std::string::npos);
  CHECK(bad.status().message().find("SECRET-CANARY-42") == std::string::npos);
  CHECK_FALSE(AnalyzeJwks("[]").ok());
  CHECK_FALSE(AnalyzeJwks("{\"keys\": 3}").ok());
}

// fuzz_crypto found the first: nlohmann throws out_of_range, not parse_error, for a number
// beyond double's range, and the uncaught exception ended the process.
TEST_CASE("a number out of range is malformed JSON, not a crash") {
  for (const char* text : {"1111e11111\xcc" "A", R"({"keys":[{"kty":"RSA","n":-1e999}]})"}) {
    auto bad = AnalyzeJwks(text);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().message() == "not valid JSON (a number out of range)");
  }
}

TEST_CASE("keys with bad n or e carry an error instead of a key") {
  auto keys = AnalyzeJwks(R"({"keys":[{"kty":"RSA","n":"!!","e":"AQAB"},{"kty":"RSA"},7]})");
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 3);
  for (const auto& k : keys.value()) {
    CHECK_FALSE(k.error.empty());
    CHECK(k.spki_der.empty());
  }
}

}  // namespace
}  // namespace atsguard::crypto
