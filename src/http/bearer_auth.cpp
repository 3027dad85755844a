#include "http/bearer_auth.h"

#include "base/strings.h"
#include "crypto/digest.h"

namespace atsguard::http {

namespace {

constexpr size_t kMaxTokenFileBytes = 4096;

bool VisibleAscii(std::string_view text) {
  for (char c : text) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

const char* DescribeAuthOutcome(AuthOutcome outcome) {
  switch (outcome) {
    case AuthOutcome::kAccepted:
      return "accepted";
    case AuthOutcome::kMissing:
      return "missing bearer token";
    case AuthOutcome::kMalformed:
      return "malformed Authorization header";
    case AuthOutcome::kRejected:
      return "wrong bearer token";
    case AuthOutcome::kUnavailable:
      return "token file unusable: every request is refused";
  }
  return "refused";
}

BearerAuth::BearerAuth(std::string token_file, const sys::FileSystem& fs, const sys::Clock& clock,
                       std::chrono::milliseconds recheck)
    : token_file_(std::move(token_file)), fs_(fs), clock_(clock), recheck_(recheck) {}

base::Status BearerAuth::Load() {
  std::lock_guard lock(mutex_);
  return ReadLocked();
}

base::Status BearerAuth::ReadLocked() {
  next_read_ = clock_.MonotonicNow() + recheck_;
  token_.clear();
  auto content = fs_.ReadFile(token_file_, kMaxTokenFileBytes);
  if (!content.ok()) return content.status();
  // A trailing newline is how most tools write the file; it is not part of the token.
  std::string_view token = base::Trim(content.value());
  auto invalid = [this](const std::string& why) {
    return base::Status(base::StatusCode::kInvalidArgument, token_file_ + ": " + why);
  };
  if (token.empty()) return invalid("the bearer token file is empty");
  if (token.size() < kMinTokenLength) {
    return invalid("the bearer token is shorter than " + std::to_string(kMinTokenLength) +
                   " characters");
  }
  if (!VisibleAscii(token)) {
    return invalid("the bearer token holds whitespace or control characters");
  }
  token_ = std::string(token);
  return base::Status::Ok();
}

AuthOutcome BearerAuth::Check(std::string_view header) {
  header = base::Trim(header);
  if (header.empty()) return AuthOutcome::kMissing;
  size_t space = header.find(' ');
  // The scheme is case-insensitive (RFC 7235 section 2.1).
  if (space == std::string_view::npos || base::ToLower(header.substr(0, space)) != "bearer") {
    return AuthOutcome::kMalformed;
  }
  std::string_view presented = base::Trim(header.substr(space + 1));
  if (presented.empty()) return AuthOutcome::kMalformed;

  std::lock_guard lock(mutex_);
  if (clock_.MonotonicNow() >= next_read_) {
    // A failed re-read leaves token_ empty: refuse rather than trust a token that may
    // have been revoked by the rotation that broke the file.
    (void)ReadLocked();
  }
  if (token_.empty()) return AuthOutcome::kUnavailable;
  return crypto::ConstantTimeEquals(presented, token_) ? AuthOutcome::kAccepted
                                                       : AuthOutcome::kRejected;
}

}  // namespace atsguard::http
