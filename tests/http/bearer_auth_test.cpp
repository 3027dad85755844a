#include "http/bearer_auth.h"

#include <doctest/doctest.h>

#include <cstdio>

#include "support/fake_clock.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

using http::AuthOutcome;

constexpr const char* kToken = "s3cr3t-scrape-token-0123456789";

struct AuthFixture {
  TempDir dir;
  FakeClock clock;
  sys::PosixFileSystem fs;
  std::string file = dir.Sub("token");
  http::BearerAuth auth{file, fs, clock, std::chrono::seconds(1)};
};

TEST_CASE("the configured token is accepted, the scheme is case-insensitive") {
  AuthFixture f;
  WriteFile(f.file, std::string(kToken) + "\n");  // the newline most tools add
  REQUIRE(f.auth.Load().ok());
  CHECK(f.auth.Check(std::string("Bearer ") + kToken) == AuthOutcome::kAccepted);
  CHECK(f.auth.Check(std::string("bearer  ") + kToken) == AuthOutcome::kAccepted);
}

TEST_CASE("anything else is refused, and says why") {
  AuthFixture f;
  WriteFile(f.file, kToken);
  REQUIRE(f.auth.Load().ok());
  CHECK(f.auth.Check("") == AuthOutcome::kMissing);
  CHECK(f.auth.Check("Bearer") == AuthOutcome::kMalformed);
  CHECK(f.auth.Check("Bearer   ") == AuthOutcome::kMalformed);
  CHECK(f.auth.Check(std::string("Basic ") + kToken) == AuthOutcome::kMalformed);
  CHECK(f.auth.Check("Bearer wrong-token-0123456789abc") == AuthOutcome::kRejected);
  CHECK(f.auth.Check(std::string("Bearer ") + kToken + "x") == AuthOutcome::kRejected);
  CHECK(f.auth.Check(std::string("Bearer ") + std::string(kToken).substr(1)) ==
        AuthOutcome::kRejected);
}

TEST_CASE("an unusable token file fails the load, naming the file and never the token") {
  AuthFixture f;
  SUBCASE("missing") {
    base::Status status = f.auth.Load();
    CHECK(status.code() == base::StatusCode::kNotFound);
    CHECK(status.message().find(f.file) != std::string::npos);
  }
  SUBCASE("empty") {
    WriteFile(f.file, "\n");
    CHECK(f.auth.Load().message() == f.file + ": the bearer token file is empty");
  }
  SUBCASE("too short") {
    WriteFile(f.file, "short-token");
    base::Status status = f.auth.Load();
    CHECK(status.code() == base::StatusCode::kInvalidArgument);
    CHECK(status.message().find("short-token") == std::string::npos);
  }
  SUBCASE("whitespace inside") {
    WriteFile(f.file, "two words-of-a-long-token");
    CHECK(f.auth.Load().code() == base::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("a rotated token takes over at the next recheck and the old one stops working") {
  AuthFixture f;
  WriteFile(f.file, kToken);
  REQUIRE(f.auth.Load().ok());
  const std::string rotated = "rotated-token-abcdefghijklmnop";
  WriteFile(f.dir.Sub("token.new"), rotated);
  REQUIRE(std::rename(f.dir.Sub("token.new").c_str(), f.file.c_str()) == 0);
  // Within the recheck interval the file is not read again.
  CHECK(f.auth.Check(std::string("Bearer ") + kToken) == AuthOutcome::kAccepted);
  f.clock.Advance(std::chrono::seconds(1));
  CHECK(f.auth.Check(std::string("Bearer ") + kToken) == AuthOutcome::kRejected);
  CHECK(f.auth.Check("Bearer " + rotated) == AuthOutcome::kAccepted);
}

TEST_CASE("a token file that disappears locks everyone out until it returns") {
  AuthFixture f;
  WriteFile(f.file, kToken);
  REQUIRE(f.auth.Load().ok());
  REQUIRE(std::remove(f.file.c_str()) == 0);
  f.clock.Advance(std::chrono::seconds(1));
  CHECK(f.auth.Check(std::string("Bearer ") + kToken) == AuthOutcome::kUnavailable);
  WriteFile(f.file, kToken);
  f.clock.Advance(std::chrono::seconds(1));
  CHECK(f.auth.Check(std::string("Bearer ") + kToken) == AuthOutcome::kAccepted);
}

}  // namespace
}  // namespace atsguard::testing
