#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "base/status.h"
#include "sys/clock.h"
#include "sys/file_system.h"

namespace atsguard::http {

enum class AuthOutcome {
  kAccepted,
  kMissing,      // no Authorization header
  kMalformed,    // not "Bearer <token>"
  kRejected,     // a token, but not the configured one
  kUnavailable,  // the token file cannot be read or holds no valid token: fail closed
};

// Short text for audit messages ("missing bearer token").
const char* DescribeAuthOutcome(AuthOutcome outcome);

// Checks "Authorization: Bearer <token>" against the token in a file. The file is read
// again at most once per `recheck` interval, so a rotated token (a Kubernetes Secret
// volume) takes over without a restart and the old one stops working. Tokens are compared
// in constant time. A file that becomes unreadable or invalid denies every request until
// it is fixed. Borrows fs and clock. Thread-safe.
class BearerAuth {
 public:
  // Shorter tokens are refused as guessable.
  static constexpr size_t kMinTokenLength = 16;

  BearerAuth(std::string token_file, const sys::FileSystem& fs, const sys::Clock& clock,
             std::chrono::milliseconds recheck);

  // Reads the file now. kInvalidArgument (empty, too short, whitespace or control
  // characters inside) or the read error, naming the file. Never includes the token.
  base::Status Load();

  AuthOutcome Check(std::string_view authorization_header);

 private:
  base::Status ReadLocked();

  const std::string token_file_;
  const sys::FileSystem& fs_;
  const sys::Clock& clock_;
  const std::chrono::milliseconds recheck_;
  std::mutex mutex_;
  std::string token_;  // empty while the file is unusable
  std::chrono::steady_clock::time_point next_read_;
};

}  // namespace atsguard::http
