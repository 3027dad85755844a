// Policy files are operator input: any bytes must give a template or an error, never a
// crash, and an accepted policy must print and reload to the same template.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "policy/policy_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tmpl = atsguard::policy::ParsePolicy(text, "fuzz.json");
  if (!tmpl.ok()) return 0;
  auto again = atsguard::policy::ParsePolicy(tmpl->ToJson().dump(), "again.json");
  if (!again.ok() || again->ToJson() != tmpl->ToJson()) std::abort();
  return 0;
}
