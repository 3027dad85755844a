#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "policy/strength.h"

namespace atsguard::policy {
namespace {

TEST_CASE("Shannon entropy of simple strings") {
  CHECK(ShannonEntropy("") == 0.0);
  CHECK(ShannonEntropy("aaaa") == 0.0);
  CHECK(ShannonEntropy("abab") == doctest::Approx(1.0));
  CHECK(ShannonEntropy("0123456789abcdef") == doctest::Approx(4.0));
}

TEST_CASE("character sets are classified hex, base64 or mixed") {
  CHECK(ClassifyCharset("deadBEEF01") == Charset::kHex);
  CHECK(ClassifyCharset("abc+/xyz==") == Charset::kBase64);
  CHECK(ClassifyCharset("abc-_xyz") == Charset::kBase64);
  CHECK(ClassifyCharset("pass word!") == Charset::kOther);
}

TEST_CASE("alphabet bits count the character classes present") {
  CHECK(AlphabetBitsPerChar("abc") == doctest::Approx(std::log2(26.0)));
  CHECK(AlphabetBitsPerChar("aB3") == doctest::Approx(std::log2(62.0)));
  CHECK(AlphabetBitsPerChar("aB3!") == doctest::Approx(std::log2(95.0)));
}

TEST_CASE("hex key statistics find repeats, sequences and patterns") {
  HexKeyStats zeros = AnalyzeHexKey(std::string(64, '0'));
  CHECK(zeros.is_hex);
  CHECK(zeros.distinct_bytes == 1);
  CHECK(zeros.longest_repeat == 32);
  CHECK(zeros.period == 1);
  HexKeyStats pattern = AnalyzeHexKey("deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
  CHECK(pattern.period == 4);
  HexKeyStats odd = AnalyzeHexKey("abc");
  CHECK_FALSE(odd.is_hex);
  HexKeyStats random = AnalyzeHexKey("20955f1c4fac156a923b3efc187a5832641e2dcd0397f3a245c01fa8da9e7154");
  CHECK(random.distinct_bytes >= 24);
  CHECK(random.period == 0);
  CHECK(random.longest_sequence < 4);
}

}  // namespace
}  // namespace atsguard::policy
