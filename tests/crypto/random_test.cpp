#include "crypto/random.h"

#include <doctest/doctest.h>

#include "crypto/digest.h"

namespace atsguard::crypto {
namespace {

TEST_CASE("encodings") {
  CHECK(HexEncode(std::string("\x00\xff\x10", 3)) == "00ff10");
  CHECK(Base64Encode("hello") == "aGVsbG8=");
  std::string out;
  CHECK(Base64UrlDecode("aGVsbG8", &out));
  CHECK(out == "hello");
  CHECK(Base64UrlDecode("-_8", &out));
  CHECK(out == "\xfb\xff");
  CHECK_FALSE(Base64UrlDecode("a", &out));
  CHECK_FALSE(Base64UrlDecode("a+b/", &out));
}

TEST_CASE("random values have the asked length and alphabet") {
  auto bytes = RandomBytes(32);
  REQUIRE(bytes.ok());
  CHECK(bytes->size() == 32);
  auto text = RandomAlphanumeric(25);
  REQUIRE(text.ok());
  CHECK(text->size() == 25);
  for (char c : text.value()) CHECK(std::isalnum(static_cast<unsigned char>(c)));
  CHECK(RandomBytes(32).value() != RandomBytes(32).value());
}

TEST_CASE("keyed hashes separate pieces and are stable within a process") {
  CHECK(KeyedHash("abc") == KeyedHash("abc"));
  CHECK(KeyedHash("abc") != KeyedHash("abd"));
  KeyedHasher a;
  a.Add("ab");
  a.Add("c");
  KeyedHasher b;
  b.Add("a");
  b.Add("bc");
  CHECK(a.Finish() != b.Finish());
}

}  // namespace
}  // namespace atsguard::crypto
