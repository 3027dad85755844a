#include "crypto/random.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>

#include "crypto/openssl_util.h"

namespace atsguard::crypto {

using base::Result;
using base::Status;
using base::StatusCode;

Result<std::string> RandomBytes(size_t count) {
  std::string out(count, '\0');
  if (count > static_cast<size_t>(INT_MAX) ||
      RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    return Status(StatusCode::kInternal,
                  "OpenSSL RNG failed: " + detail::DrainErrors("RAND_bytes returned an error"));
  }
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string* out) {
  std::string std64;
  std64.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '=' || c == '+' || c == '/') return false;  // url alphabet, unpadded
    std64 += c;
  }
  if (std64.size() % 4 == 1) return false;
  size_t padding = (4 - std64.size() % 4) % 4;
  std64.append(padding, '=');
  if (std64.size() > static_cast<size_t>(INT_MAX) / 2) return false;
  std::string decoded(std64.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                          reinterpret_cast<const unsigned char*>(std64.data()),
                          static_cast<int>(std64.size()));
  if (n < 0) return false;
  // EVP_DecodeBlock counts the padding as zero bytes; drop them.
  decoded.resize(static_cast<size_t>(n) - padding);
  *out = std::move(decoded);
  return true;
}

Result<std::string> RandomAlphanumeric(size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    auto bytes = RandomBytes(length * 2);
    if (!bytes.ok()) return bytes.status();
    for (char c : bytes.value()) {
      // 248 = 62 * 4: bytes at or above it are rejected so every letter is equally likely.
      auto b = static_cast<unsigned char>(c);
      if (b < 248 && out.size() < length) out += kAlphabet[b % 62];
    }
  }
  return out;
}

}  // namespace atsguard::crypto
