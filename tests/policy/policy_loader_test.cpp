#include <doctest/doctest.h>

#include "policy/policy_loader.h"
#include "policy/rule_catalog.h"

namespace atsguard::policy {
namespace {

TEST_CASE("every built-in template loads and defines every rule") {
  for (const std::string& name : BuiltinTemplateNames()) {
    CAPTURE(name);
    auto tmpl = LoadBuiltinTemplate(name);
    REQUIRE(tmpl.ok());
    CHECK(tmpl->name == name);
    for (const RuleSpec& spec : AllRules()) CHECK(tmpl->rules.contains(std::string(spec.id)));
  }
}

TEST_CASE("an unknown template name lists the built-in ones") {
  auto tmpl = LoadBuiltinTemplate("prod");
  REQUIRE_FALSE(tmpl.ok());
  CHECK(tmpl.status().message().find("production-financial, staging, development") !=
        std::string::npos);
}

TEST_CASE("a policy changes a threshold and a severity and turns a rule off") {
  auto tmpl = ParsePolicy(R"({
    "extends": "production-financial",
    "name": "acme",
    "rules": {
      "RL-01": {"max": 120, "severity": "medium"},
      "K8S-03": {"enabled": false}
    }
  })",
                          "acme.json");
  REQUIRE(tmpl.ok());
  CHECK(tmpl->name == "acme");
  CHECK(tmpl->extends == "production-financial");
  CHECK(tmpl->Rule("RL-01").Int("max") == 120);
  CHECK(tmpl->Rule("RL-01").severity() == Severity::kMedium);
  CHECK_FALSE(tmpl->Rule("K8S-03").enabled());
  // Untouched settings come from the template it extends.
  CHECK(tmpl->Rule("JWT-05").Int("min_length") == 64);
  CHECK(tmpl->block_at == Severity::kHigh);
}

TEST_CASE("templates show output is itself a valid policy") {
  auto builtin = LoadBuiltinTemplate("staging");
  REQUIRE(builtin.ok());
  auto again = ParsePolicy(builtin->ToJson().dump(2), "shown.json");
  REQUIRE(again.ok());
  CHECK(again->ToJson() == builtin->ToJson());
}

struct BadPolicy {
  const char* text;
  const char* expected;  // substring of the error, with its line:column
};

TEST_CASE("policy errors name the file, line and column and are never ignored") {
  const BadPolicy cases[] = {
      {"{\n  \"extends\": \"production-financial\",\n  \"rulez\": {}\n}", "p.json:3:3: unknown key \"rulez\""},
      {"{\"extends\": \"production-financial\",\n \"rules\": {\"RL-01\": {\"maxx\": 1}}}", "p.json:2:22: unknown key \"maxx\" for rule RL-01"},
      {"{\"extends\": \"production-financial\",\n \"rules\": {\"RL-01\": {\"max\": \"60\"}}}", "p.json:2:22: \"max\" must be an integer"},
      {"{\"extends\": \"production-financial\", \"rules\": {\"JWT-99\": {}}}", "unknown rule \"JWT-99\""},
      {"{\"extends\": \"production-financial\", \"rules\": {\"ENV-04\": {\"required\": [\"jwt\"]}}}", "must be an array of input names"},
      {"{\"extends\": \"production-financial\", \"rules\": {\"RL-01\": {\"severity\": \"off\"}}}", "use \"enabled\": false"},
      {"{\"extends\": \"production-financial\", \"rules\": {\"JWT-04\": {\"max\": null}}}", "\"max\" must be an integer"},
      {"{\"extends\": \"prod\"}", "p.json:1:2: unknown template 'prod'"},
      {"{\"rules\": {}}", "a policy needs \"extends\""},
      {"{\"extends\": \"staging\",\n\n  \"rules\": {,}}", "p.json:3:13: syntax error"},
      {"{\"extends\": \"staging\", \"extends\": \"staging\"}", "duplicate key \"extends\""},
      {"[]", "a policy needs \"extends\""},
      {"", "p.json:1:1"},
  };
  for (const BadPolicy& bad : cases) {
    const std::string text = bad.text;
    CAPTURE(text);
    auto tmpl = ParsePolicy(bad.text, "p.json");
    REQUIRE_FALSE(tmpl.ok());
    CHECK(tmpl.status().code() == base::StatusCode::kInvalidArgument);
    const std::string message = tmpl.status().message();
    CAPTURE(message);
    CHECK(message.find(bad.expected) != std::string::npos);
  }
}

}  // namespace
}  // namespace atsguard::policy
