#include "support/test_pki.h"

#include <doctest/doctest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <map>
#include <mutex>
#include <vector>

#include "crypto/random.h"

namespace atsguard::testing {

namespace {

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

EVP_PKEY* ReadKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  REQUIRE(key != nullptr);
  return key;
}

std::string WriteKey(EVP_PKEY* key) {
  BIO* out = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  std::string pem = BioText(out);
  BIO_free(out);
  return pem;
}

std::string Base64Url(const BIGNUM* bn) {
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  std::string b64 = crypto::Base64Encode(bytes);
  std::string out;
  for (char c : b64) {
    if (c == '=') break;
    out += c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

}  // namespace

std::string RsaKeyPem(int bits, unsigned long exponent) {
  static std::mutex mutex;
  static std::map<std::pair<int, unsigned long>, std::string> cache;
  std::lock_guard lock(mutex);
  auto& pem = cache[{bits, exponent}];
  if (!pem.empty()) return pem;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  BIGNUM* e = BN_new();
  BN_set_word(e, exponent);
  EVP_PKEY* key = nullptr;
  REQUIRE(EVP_PKEY_keygen_init(ctx) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) == 1);
  REQUIRE(EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) == 1);
  REQUIRE(EVP_PKEY_keygen(ctx, &key) == 1);
  pem = WriteKey(key);
  EVP_PKEY_free(key);
  BN_free(e);
  EVP_PKEY_CTX_free(ctx);
  return pem;
}

std::string MismatchedRsaKeyPem() {
  EVP_PKEY* a = ReadKey(RsaKeyPem(2048));
  EVP_PKEY* b = ReadKey(RsaKeyPem(2048, 3));
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  std::vector<BIGNUM*> owned;
  auto push = [&](EVP_PKEY* from, const char* name) {
    BIGNUM* bn = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(from, name, &bn) == 1);
    owned.push_back(bn);
    REQUIRE(OSSL_PARAM_BLD_push_BN(bld, name, bn) == 1);
  };
  push(a, OSSL_PKEY_PARAM_RSA_N);
  push(a, OSSL_PKEY_PARAM_RSA_E);
  for (const char* name : {OSSL_PKEY_PARAM_RSA_D, OSSL_PKEY_PARAM_RSA_FACTOR1,
                           OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
                           OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1}) {
    push(b, name);
  }
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* mixed = nullptr;
  REQUIRE(EVP_PKEY_fromdata_init(ctx) == 1);
  REQUIRE(EVP_PKEY_fromdata(ctx, &mixed, EVP_PKEY_KEYPAIR, params) == 1);
  std::string pem = WriteKey(mixed);
  EVP_PKEY_free(mixed);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  for (BIGNUM* bn : owned) BN_free(bn);
  EVP_PKEY_free(a);
  EVP_PKEY_free(b);
  return pem;
}

std::string EcKeyPem() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key != nullptr);
  std::string pem = WriteKey(key);
  EVP_PKEY_free(key);
  return pem;
}

std::string PublicKeyPem(const std::string& private_pem) {
  EVP_PKEY* key = ReadKey(private_pem);
  BIO* out = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PUBKEY(out, key) == 1);
  std::string pem = BioText(out);
  BIO_free(out);
  EVP_PKEY_free(key);
  return pem;
}

std::string SelfSignedCertPem(const std::string& private_pem, const CertOptions& options) {
  EVP_PKEY* key = ReadKey(private_pem);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 4242);
  X509_gmtime_adj(X509_getm_notBefore(cert), options.not_before_days * 86400L);
  X509_gmtime_adj(X509_getm_notAfter(cert), options.not_after_days * 86400L);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("ats-core.test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  auto add = [&](int nid, const char* value) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    REQUIRE(ext != nullptr);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  };
  if (options.subject_alt_name) add(NID_subject_alt_name, "DNS:ats-core.test,IP:127.0.0.1");
  add(NID_basic_constraints, options.is_ca ? "critical,CA:TRUE" : "CA:FALSE");
  REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  BIO* out = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(out, cert);
  std::string pem = BioText(out);
  BIO_free(out);
  X509_free(cert);
  EVP_PKEY_free(key);
  return pem;
}

std::string JwksFor(const std::string& private_pem, const std::string& kid,
                    const std::string& alg, const std::string& extra) {
  EVP_PKEY* key = ReadKey(private_pem);
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) == 1);
  REQUIRE(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) == 1);
  std::string jwks = R"({"keys":[{"kty":"RSA","use":"sig","alg":")" + alg + R"(","kid":")" +
                     kid + R"(","n":")" + Base64Url(n) + R"(","e":")" + Base64Url(e) + "\"" +
                     (extra.empty() ? "" : "," + extra) + "}]}";
  BN_free(n);
  BN_free(e);
  EVP_PKEY_free(key);
  return jwks;
}

}  // namespace atsguard::testing
