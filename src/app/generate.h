#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "sys/file_system.h"

namespace atsguard::app {

// Generates one secret with OpenSSL's RNG, in the form the ats-core guide's openssl
// commands give, without their line wrap:
//   jwt-secret      base64 of 64 random bytes (`openssl rand -base64 64`), or bits/8 bytes
//   encryption-key  64 hex characters (`openssl rand -hex 32`)
//   db-password     25 characters from [A-Za-z0-9], uniform (the guide's tr/cut pipeline)
//   rsa-key         PKCS#8 PEM, 3072 bits unless `bits` says otherwise (2048..8192)
// kInvalidArgument for an unknown kind or a `bits` the kind does not take.
base::Result<std::string> GenerateSecret(std::string_view kind, std::optional<int> bits);

// `ats-guard generate KIND [--bits N]`: prints the value and a newline. Exit code.
int RunGenerate(std::string_view kind, std::optional<int> bits, std::FILE* out, std::FILE* err);

// Writes the development secrets in `missing` (file keys) into `dir` with mode 0400,
// plus the marker that makes any non-development check refuse them (ENV-04). Existing
// files are kept, so re-running is harmless.
base::Status GenerateMissing(const sys::FileSystem& fs, const std::string& dir,
                             const std::vector<std::string>& missing);

}  // namespace atsguard::app
