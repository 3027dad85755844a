#pragma once

#include <optional>
#include <sstream>
#include <string>

namespace atsguard::testing {

// The value of one series in a Prometheus text exposition, `series` written exactly as
// it is serialised ("ats_guard_findings{severity=\"high\"}"); nullopt when absent.
inline std::optional<double> SampleValue(const std::string& exposition, const std::string& series) {
  std::istringstream lines(exposition);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

}  // namespace atsguard::testing
