#include "base/strings.h"

#include <doctest/doctest.h>

namespace atsguard::base {
namespace {

TEST_CASE("trim, lower and normalise") {
  CHECK(Trim("  a b\n") == "a b");
  CHECK(Trim(" \t\n").empty());
  CHECK(ToLower("RS256") == "rs256");
  CHECK(NormalizeAlnum("Your_Secret-Key!") == "yoursecretkey");
}

TEST_CASE("character count is code points for UTF-8 and bytes otherwise") {
  CHECK(CharacterCount("abc") == 3);
  CHECK(CharacterCount("\xc3\xa9t\xc3\xa9") == 3);  // "été"
  CHECK(CharacterCount("\xff\xfe") == 2);           // invalid UTF-8: bytes
  CHECK_FALSE(IsValidUtf8("\xc3"));
  CHECK(IsValidUtf8(""));
}

TEST_CASE("integers must fill the whole string") {
  long long v = 0;
  CHECK(ParseInt64("60", &v));
  CHECK(v == 60);
  CHECK(ParseInt64("+5", &v));
  CHECK(v == 5);
  CHECK(ParseInt64("-1", &v));
  CHECK_FALSE(ParseInt64("60rpm", &v));
  CHECK_FALSE(ParseInt64(" 60", &v));
  CHECK_FALSE(ParseInt64("", &v));
  CHECK_FALSE(ParseInt64("99999999999999999999", &v));
}

TEST_CASE("truncation never splits a UTF-8 sequence") {
  CHECK(TruncateUtf8("ab\xc3\xa9", 3) == "ab");
  CHECK(TruncateUtf8("abc", 10) == "abc");
}

}  // namespace
}  // namespace atsguard::base
