#include "support/reliability_record.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace atsguard::testing {

void RecordReliability(const std::string& check, const std::string& load,
                       const std::string& result) {
  const char* path = std::getenv("ATSGUARD_RELIABILITY_OUT");
  if (path == nullptr || *path == '\0') return;
  const nlohmann::json row = {{"check", check}, {"load", load}, {"result", result}};
  std::ofstream(path, std::ios::app) << row.dump() << '\n';
}

}  // namespace atsguard::testing
