#include "crypto/certificates.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "crypto/openssl_util.h"

namespace atsguard::crypto {

using base::Result;
using base::Status;
using base::StatusCode;

namespace {

bool ToTimeT(const ASN1_TIME* time, std::time_t* out) {
  struct tm tm {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return false;
  *out = timegm(&tm);
  return true;
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

Result<CertificateReport> Describe(X509* cert) {
  CertificateReport report;
  if (!ToTimeT(X509_get0_notBefore(cert), &report.not_before) ||
      !ToTimeT(X509_get0_notAfter(cert), &report.not_after)) {
    return Status(StatusCode::kInvalidArgument, "certificate has an unreadable validity period");
  }
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  report.has_subject_alt_names = names != nullptr && sk_GENERAL_NAME_num(names) > 0;
  GENERAL_NAMES_free(names);
  report.is_ca = X509_check_ca(cert) > 0;
  EVP_PKEY* key = X509_get0_pubkey(cert);  // owned by the certificate
  if (key != nullptr) {
    report.key_type = KeyTypeOf(key);
    report.key_bits = EVP_PKEY_get_bits(key);
    report.spki_der = detail::SpkiDer(key);
    if (report.key_type == KeyType::kEc) {
      char name[80] = {0};
      size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name,
                                         &len) == 1) {
        report.curve.assign(name, len);
      }
    }
  }
  return report;
}

}  // namespace

Result<std::vector<CertificateReport>> AnalyzeCertificates(std::string_view pem) {
  ERR_clear_error();
  auto bio = detail::MemoryBio(pem);
  std::vector<CertificateReport> reports;
  while (true) {
    detail::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, detail::RefusePassword, nullptr));
    if (!cert) break;
    auto report = Describe(cert.get());
    if (!report.ok()) return report.status();
    reports.push_back(std::move(report).value());
  }
  // The loop ends on "no start line" after the last certificate; anything else is a
  // malformed block.
  unsigned long err = ERR_peek_last_error();
  bool clean_end = ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
  if (reports.empty() || (err != 0 && !clean_end)) {
    return Status(StatusCode::kInvalidArgument,
                  "not a readable PEM certificate (" +
                      detail::DrainErrors("no certificate found") + ")");
  }
  ERR_clear_error();
  return reports;
}

}  // namespace atsguard::crypto
