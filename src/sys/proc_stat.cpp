#include "sys/proc_stat.h"

#include "base/strings.h"

namespace atsguard::sys {

std::optional<std::vector<std::string>> ProcStatFields(std::string_view stat) {
  const size_t close = stat.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::vector<std::string> fields;
  for (std::string& piece : base::Split(stat.substr(close + 1), ' ')) {
    if (!piece.empty()) fields.push_back(std::move(piece));
  }
  return fields;
}

}  // namespace atsguard::sys
