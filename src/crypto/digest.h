#pragma once

#include <string>
#include <string_view>

namespace atsguard::crypto {

// HMAC-SHA256 of `data` under a key drawn from the RNG once per process, as 32 raw bytes.
// Used to compare contents (rotation detection, caches) without keeping or exposing a
// plain hash of a secret: a plain SHA-256 of a low-entropy password is a dictionary
// lookup away from the password. Thread-safe. Aborts if the RNG cannot seed the key.
std::string KeyedHash(std::string_view data);

// Incremental form of KeyedHash over several pieces (key names and file bytes).
class KeyedHasher {
 public:
  KeyedHasher();
  ~KeyedHasher();
  KeyedHasher(const KeyedHasher&) = delete;
  KeyedHasher& operator=(const KeyedHasher&) = delete;

  // Appends a length-prefixed piece, so ("ab","c") and ("a","bc") hash differently.
  void Add(std::string_view piece);
  std::string Finish();

 private:
  struct State;
  State* state_;
};

// True when `a` and `b` hold the same bytes, for credentials (a bearer token presented
// to the HTTP server). Compares keyed digests of both with CRYPTO_memcmp, so the time
// taken depends neither on where the inputs differ nor on their lengths. Thread-safe.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace atsguard::crypto
