#include "crypto/digest.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "crypto/random.h"

namespace atsguard::crypto {

namespace {

const std::string& ProcessKey() {
  static const std::string key = [] {
    auto bytes = RandomBytes(32);
    if (!bytes.ok()) {
      // Without a key we cannot compare secrets safely; this is not recoverable.
      std::fprintf(stderr, "ats-guard: fatal: %s\n", bytes.status().message().c_str());
      std::abort();
    }
    return bytes.value();
  }();
  return key;
}

}  // namespace

struct KeyedHasher::State {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;
};

KeyedHasher::KeyedHasher() : state_(new State) {
  const std::string& key = ProcessKey();
  state_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  state_->ctx = state_->mac ? EVP_MAC_CTX_new(state_->mac) : nullptr;
  char digest_name[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  if (state_->ctx == nullptr ||
      EVP_MAC_init(state_->ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   params) != 1) {
    std::fprintf(stderr, "ats-guard: fatal: HMAC-SHA256 unavailable in OpenSSL\n");
    std::abort();
  }
}

KeyedHasher::~KeyedHasher() {
  EVP_MAC_CTX_free(state_->ctx);
  EVP_MAC_free(state_->mac);
  delete state_;
}

void KeyedHasher::Add(std::string_view piece) {
  uint64_t len = piece.size();
  unsigned char prefix[8];
  for (int i = 0; i < 8; ++i) prefix[i] = static_cast<unsigned char>(len >> (8 * i));
  EVP_MAC_update(state_->ctx, prefix, sizeof prefix);
  EVP_MAC_update(state_->ctx, reinterpret_cast<const unsigned char*>(piece.data()), piece.size());
}

std::string KeyedHasher::Finish() {
  std::string out(32, '\0');
  size_t len = 0;
  EVP_MAC_final(state_->ctx, reinterpret_cast<unsigned char*>(out.data()), &len, out.size());
  out.resize(len);
  return out;
}

std::string KeyedHash(std::string_view data) {
  KeyedHasher hasher;
  hasher.Add(data);
  return hasher.Finish();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Comparing the inputs directly would leak their length through the loop bound and the
  // length of the common prefix through an early exit; digests have a fixed length and
  // CRYPTO_memcmp never exits early.
  std::string da = KeyedHash(a);
  std::string db = KeyedHash(b);
  return da.size() == db.size() && CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

}  // namespace atsguard::crypto
