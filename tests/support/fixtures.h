#pragma once

#include <map>
#include <string>

namespace atsguard::testing {

// KEY=VALUE lines of a file under tests/fixtures (blank lines and # comments skipped).
std::map<std::string, std::string> LoadEnvFixture(const std::string& name);

// A kubelet-layout volume with a complete strong secret set made by
// scripts/make-secrets-volume.sh (openssl). Made once per test process; read-only.
const std::string& StrongProductionVolume();

// Environment for `check` on StrongProductionVolume(): tests/fixtures/production.env.
std::map<std::string, std::string> ProductionEnv();

}  // namespace atsguard::testing
