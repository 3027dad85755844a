#include "crypto/jwks.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <nlohmann/json.hpp>

#include "crypto/openssl_util.h"
#include "crypto/random.h"

namespace atsguard::crypto {

using base::Result;
using base::Status;
using base::StatusCode;
using nlohmann::json;

namespace {

std::string StringMember(const json& key, const char* name) {
  auto it = key.find(name);
  return it != key.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Builds the RSA public key from the base64url "n" and "e" members and returns its SPKI.
std::string RsaSpki(const json& key, std::string* error) {
  std::string n;
  std::string e;
  if (!Base64UrlDecode(StringMember(key, "n"), &n) || n.empty() ||
      !Base64UrlDecode(StringMember(key, "e"), &e) || e.empty()) {
    *error = "\"n\" or \"e\" is missing or not base64url";
    return {};
  }
  detail::BnPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                               static_cast<int>(n.size()), nullptr));
  detail::BnPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                               static_cast<int>(e.size()), nullptr));
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  if (bld != nullptr && bn_n && bn_e &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e.get()) == 1) {
    params = OSSL_PARAM_BLD_to_param(bld);
  }
  OSSL_PARAM_BLD_free(bld);
  EVP_PKEY* raw = nullptr;
  detail::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  bool built = params != nullptr && ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
               EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) == 1;
  OSSL_PARAM_free(params);
  detail::PkeyPtr pkey(raw);
  if (!built || !pkey) {
    *error = "\"n\"/\"e\" do not form an RSA key (" + detail::DrainErrors("rejected") + ")";
    return {};
  }
  return detail::SpkiDer(pkey.get());
}

}  // namespace

Result<std::vector<JwkReport>> AnalyzeJwks(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // Only the offset: nlohmann's message quotes the input, which may hold key material.
    return Status(StatusCode::kInvalidArgument,
                  "not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const json::out_of_range&) {
    // A number beyond double's range ("1e999") is out_of_range 406, not a parse_error
    // (found by fuzz_crypto; tests/fuzz/regressions/crypto).
    return Status(StatusCode::kInvalidArgument, "not valid JSON (a number out of range)");
  }
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return Status(StatusCode::kInvalidArgument, "not a JWK Set: no \"keys\" array");
  }
  std::vector<JwkReport> reports;
  for (const json& key : doc["keys"]) {
    JwkReport report;
    if (!key.is_object()) {
      report.error = "a key is not a JSON object";
      reports.push_back(std::move(report));
      continue;
    }
    report.kid = StringMember(key, "kid");
    report.kty = StringMember(key, "kty");
    report.use = StringMember(key, "use");
    report.alg = StringMember(key, "alg");
    for (const char* member : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
      if (key.contains(member)) report.has_private_members = true;
    }
    if (report.kty == "RSA") report.spki_der = RsaSpki(key, &report.error);
    reports.push_back(std::move(report));
  }
  ERR_clear_error();
  return reports;
}

}  // namespace atsguard::crypto
