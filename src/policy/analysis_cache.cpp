#include "policy/analysis_cache.h"

#include "crypto/digest.h"

namespace atsguard::policy {

template <typename R, typename F>
const R& AnalysisCache::Lookup(std::map<std::string, Entry<R>>& map, std::string_view input,
                               F analyze) {
  std::string key = crypto::KeyedHash(input);
  auto it = map.find(key);
  if (it != map.end()) {
    ++hits_;
    it->second.generation = generation_;
    return it->second.result;
  }
  ++misses_;
  return map.emplace(key, Entry<R>{analyze(input), generation_}).first->second.result;
}

const AnalysisCache::KeyResult& AnalysisCache::PrivateKey(std::string_view pem) {
  return Lookup(private_keys_, pem, crypto::AnalyzePrivateKey);
}

const AnalysisCache::PublicKeyResult& AnalysisCache::PublicKey(std::string_view pem) {
  return Lookup(public_keys_, pem, crypto::AnalyzePublicKey);
}

const AnalysisCache::CertificatesResult& AnalysisCache::Certificates(std::string_view pem) {
  return Lookup(certificates_, pem, crypto::AnalyzeCertificates);
}

const AnalysisCache::JwksResult& AnalysisCache::Jwks(std::string_view json) {
  return Lookup(jwks_, json, crypto::AnalyzeJwks);
}

namespace {

template <typename Map>
void Sweep(Map& map, unsigned generation) {
  std::erase_if(map, [generation](const auto& item) { return item.second.generation != generation; });
}

}  // namespace

void AnalysisCache::EndEvaluation() {
  Sweep(private_keys_, generation_);
  Sweep(public_keys_, generation_);
  Sweep(certificates_, generation_);
  Sweep(jwks_, generation_);
}

size_t AnalysisCache::size() const {
  return private_keys_.size() + public_keys_.size() + certificates_.size() + jwks_.size();
}

}  // namespace atsguard::policy
