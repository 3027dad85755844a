#include "crypto/openssl_util.h"

#include <openssl/core_names.h>
#include <openssl/err.h>

#include <climits>

namespace atsguard::crypto::detail {

BioPtr MemoryBio(std::string_view data) {
  // BIO_new_mem_buf takes an int length; callers cap inputs far below INT_MAX.
  int len = data.size() > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(data.size());
  return BioPtr(BIO_new_mem_buf(data.data(), len));
}

std::string DrainErrors(const std::string& fallback) {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text.empty() ? fallback : text;
}

int RefusePassword(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return -1; }

std::string SpkiDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return {};
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

KeyType KeyTypeOf(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return KeyType::kRsa;
    case EVP_PKEY_RSA_PSS: return KeyType::kRsaPss;
    case EVP_PKEY_EC: return KeyType::kEc;
    case EVP_PKEY_ED25519: return KeyType::kEd25519;
    default: return KeyType::kOther;
  }
}

std::string CurveName(EVP_PKEY* key) {
  char name[80] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) !=
      1) {
    return {};
  }
  return std::string(name, len);
}

}  // namespace atsguard::crypto::detail
