#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace atsguard::crypto {

// Bytes from OpenSSL's CSPRNG. kInternal (with the OpenSSL error) if the RNG fails.
base::Result<std::string> RandomBytes(size_t count);

// Encodings of raw bytes. Base64 is standard alphabet with padding and no line breaks
// (unlike `openssl rand -base64`, which wraps at 64 columns).
std::string HexEncode(std::string_view bytes);
std::string Base64Encode(std::string_view bytes);

// Decodes base64url (RFC 4648 section 5, padding optional); false on invalid input.
bool Base64UrlDecode(std::string_view text, std::string* out);

// `length` characters drawn uniformly from [A-Za-z0-9] (rejection sampling, no modulo bias).
base::Result<std::string> RandomAlphanumeric(size_t length);

}  // namespace atsguard::crypto
