#include "support/fixtures.h"

#include <doctest/doctest.h>

#include <fstream>
#include <memory>

#include "support/process.h"
#include "support/temp_dir.h"

namespace atsguard::testing {

std::map<std::string, std::string> LoadEnvFixture(const std::string& name) {
  std::ifstream in(std::string(ATSGUARD_SOURCE_DIR) + "/tests/fixtures/" + name);
  REQUIRE(in.good());
  std::map<std::string, std::string> env;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    REQUIRE(eq != std::string::npos);
    env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

const std::string& StrongProductionVolume() {
  static std::unique_ptr<TempDir> dir;
  static std::string path;
  if (!dir) {
    dir = std::make_unique<TempDir>();
    path = dir->Sub("ats-secrets");
    auto made = RunProcess({std::string(ATSGUARD_SOURCE_DIR) + "/scripts/make-secrets-volume.sh",
                            path, "3072"},
                           {}, std::chrono::seconds(60));
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
  }
  return path;
}

std::map<std::string, std::string> ProductionEnv() { return LoadEnvFixture("production.env"); }

}  // namespace atsguard::testing
