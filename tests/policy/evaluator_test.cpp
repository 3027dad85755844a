#include <doctest/doctest.h>

#include "policy/analysis_cache.h"
#include "policy/evaluator.h"
#include "policy/policy_loader.h"
#include "support/inputs_builder.h"
#include "support/test_pki.h"

namespace atsguard::testing {
namespace {

using policy::Severity;
using secrets::InputId;

TEST_CASE("medium findings block only with --strict") {
  auto builder = InputsBuilder::Strong("production");
  builder.SetEnv(InputId::kDbSslMode, "require");  // DB-01 medium in production
  auto relaxed = EvaluateWith("production-financial", builder);
  CHECK(relaxed.Passing());
  CHECK(FindingsOf(relaxed, "DB-01").size() == 1);
  auto strict = EvaluateWith("production-financial", builder, /*strict=*/true);
  CHECK_FALSE(strict.Passing());
  CHECK(strict.BlockingCount() == 1);
}

TEST_CASE("in development only critical findings block") {
  auto builder = InputsBuilder::Strong("development");
  builder.SetEnv(InputId::kJwtAlgorithm, "PS256");  // JWT-01 high in development
  auto evaluation = EvaluateWith("development", builder);
  CHECK(FindingsOf(evaluation, "JWT-01").front().severity == Severity::kHigh);
  CHECK(evaluation.Passing());
  builder.SetEnv(InputId::kJwtAlgorithm, "none");  // JWT-02 critical everywhere
  CHECK_FALSE(EvaluateWith("development", builder).Passing());
}

TEST_CASE("findings are ordered most severe first") {
  auto builder = InputsBuilder::Strong("production");
  builder.SetEnv(InputId::kDbSslMode, "require").SetEnv(InputId::kEnvironment, "staging");
  auto evaluation = EvaluateWith("production-financial", builder);
  REQUIRE(evaluation.findings.size() >= 2);
  for (size_t i = 1; i < evaluation.findings.size(); ++i) {
    CHECK(evaluation.findings[i - 1].severity >= evaluation.findings[i].severity);
  }
}

TEST_CASE("a disabled rule reports nothing and shows as disabled") {
  auto tmpl = policy::ParsePolicy(
      R"({"extends": "production-financial", "rules": {"RL-01": {"enabled": false}}})", "p");
  REQUIRE(tmpl.ok());
  auto builder = InputsBuilder::Strong("production");
  builder.SetEnv(InputId::kRateLimitRpm, "1000");
  policy::EvaluationOptions options;
  options.now = TestNow();
  policy::AnalysisCache cache;
  auto evaluation = policy::Evaluate(tmpl.value(), builder.Build(), options, cache);
  CHECK(FindingsOf(evaluation, "RL-01").empty());
  for (const auto& outcome : evaluation.rules) {
    if (outcome.rule == "RL-01") CHECK_FALSE(outcome.enabled);
  }
}

TEST_CASE("re-evaluation reuses the analysis of unchanged key material") {
  auto tmpl = policy::LoadBuiltinTemplate("production-financial");
  REQUIRE(tmpl.ok());
  policy::EvaluationOptions options;
  options.now = TestNow();
  policy::AnalysisCache cache;
  auto builder = InputsBuilder::Strong("production");
  (void)policy::Evaluate(tmpl.value(), builder.Build(), options, cache);
  const size_t misses = cache.misses();
  builder.Set(InputId::kJwtSecret, std::string(kStrongJwtSecret).substr(2));  // a rotation
  (void)policy::Evaluate(tmpl.value(), builder.Build(), options, cache);
  CHECK(cache.misses() == misses);  // no key, certificate or JWKS parsed again
  CHECK(cache.hits() > 0);
  builder.Set(InputId::kJwtPrivateKey, EcKeyPem());  // a rotated key is analysed
  (void)policy::Evaluate(tmpl.value(), builder.Build(), options, cache);
  CHECK(cache.misses() > misses);
}

TEST_CASE("the analysis cache drops entries an evaluation no longer uses") {
  auto tmpl = policy::LoadBuiltinTemplate("production-financial");
  REQUIRE(tmpl.ok());
  policy::EvaluationOptions options;
  options.now = TestNow();
  policy::AnalysisCache cache;
  auto builder = InputsBuilder::Strong("production");
  (void)policy::Evaluate(tmpl.value(), builder.Build(), options, cache);
  const size_t size = cache.size();
  for (int bits : {2048, 3072, 2048}) {
    builder.Set(InputId::kTlsKey, RsaKeyPem(bits));
    (void)policy::Evaluate(tmpl.value(), builder.Build(), options, cache);
    CHECK(cache.size() <= size);
  }
}

}  // namespace
}  // namespace atsguard::testing
