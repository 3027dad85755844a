#include "policy/rules/weak_values.h"

#include <array>

#include "base/strings.h"

namespace atsguard::policy::rules {

namespace {

// Defaults from tutorials, frameworks and the ats-core guide's own sample. Blocklist data.
constexpr std::array<std::string_view, 34> kWeakJwtSecrets = {
    "your-secret-key-change-this", "your-256-bit-secret", "your-384-bit-secret",
    "your-512-bit-secret", "your-secret-key", "your_jwt_secret", "your_jwt_secret_key_here",
    "your-jwt-secret", "jwt-secret", "jwt_secret", "jwtsecret", "secret", "secretkey",
    "secret-key", "mysecret", "my-secret", "my_secret_key", "supersecret", "super-secret-key",
    "changeme", "change-me", "changeit", "password", "default", "test", "testing", "example",
    "development", "insecure", "notasecret", "keyboard cat", "shhhhh", "s3cr3t", "123456"};

constexpr std::array<std::string_view, 32> kWeakPasswords = {
    "password", "password1", "password123", "passw0rd", "p@ssw0rd", "postgres", "postgresql",
    "admin", "administrator", "root", "changeme", "changeit", "secret", "default", "test",
    "guest", "master", "letmein", "welcome", "qwerty", "123456", "12345678", "123456789",
    "1234567890", "dbpassword", "database", "ats", "ats-core", "atscore", "trading",
    "your-database-password", "secure-database-password"};

}  // namespace

std::span<const std::string_view> KnownWeakJwtSecrets() { return kWeakJwtSecrets; }
std::span<const std::string_view> KnownWeakPasswords() { return kWeakPasswords; }

bool MatchesBlocklist(std::string_view value, std::span<const std::string_view> list,
                      const std::vector<std::string>& extra, bool* normalised) {
  const std::string norm = base::NormalizeAlnum(value);
  auto check = [&](std::string_view entry) {
    if (entry == value) {
      *normalised = false;
      return true;
    }
    if (!norm.empty() && base::NormalizeAlnum(entry) == norm) {
      *normalised = true;
      return true;
    }
    return false;
  };
  for (std::string_view entry : list) {
    if (check(entry)) return true;
  }
  for (const std::string& entry : extra) {
    if (check(entry)) return true;
  }
  return false;
}

}  // namespace atsguard::policy::rules
