#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>

// OpenSSL plumbing shared by the crypto adapters: RAII handles and error-queue text.
// Internal to src/crypto; nothing outside this folder includes OpenSSL headers.
namespace atsguard::crypto::detail {

struct OpenSslFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree>;
using BnPtr = std::unique_ptr<BIGNUM, OpenSslFree>;
using X509Ptr = std::unique_ptr<X509, OpenSslFree>;

// A read-only memory BIO over `data`, which must outlive the BIO.
BioPtr MemoryBio(std::string_view data);

// Drains the thread's OpenSSL error queue into one line ("PEM routines::no start line").
// Returns `fallback` when the queue is empty.
std::string DrainErrors(const std::string& fallback);

// A PEM password callback that refuses: an encrypted key must fail, never prompt on a tty.
int RefusePassword(char* buf, int size, int rwflag, void* userdata);

// DER SubjectPublicKeyInfo of `key`: a stable identity to compare public keys.
std::string SpkiDer(EVP_PKEY* key);

}  // namespace atsguard::crypto::detail
