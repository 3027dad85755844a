#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atsguard::sys {

// The fields of /proc/PID/stat after the command name. The name is in parentheses and may
// hold spaces and parentheses itself, so the fields start after the last ')'. Element 0 is
// field 3 (state) in proc(5)'s numbering: field N is element N - 3. nullopt without a ')'.
std::optional<std::vector<std::string>> ProcStatFields(std::string_view stat);

}  // namespace atsguard::sys
