#pragma once

#include <cstdio>
#include <string>

namespace atsguard::app {

// `ats-guard templates list`: one line per built-in template.
// `ats-guard templates show NAME`: the template as a complete policy file (JSON).
int RunTemplatesList(std::FILE* out);
int RunTemplatesShow(const std::string& name, std::FILE* out, std::FILE* err);

// `ats-guard version`.
int RunVersion(std::FILE* out);

}  // namespace atsguard::app
