#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "policy/template.h"
#include "sys/file_system.h"

namespace atsguard::policy {

// Names of the built-in templates: production-financial, staging, development.
std::vector<std::string> BuiltinTemplateNames();

// A built-in template. kNotFound (listing the names) for an unknown name.
base::Result<Template> LoadBuiltinTemplate(std::string_view name);

// Parses a policy file: {"extends": "<built-in>", "name": ..., "block_at": ...,
// "rules": {"RL-01": {"max": 120}, "K8S-03": {"enabled": false}}}. Every key and type is
// checked; an unknown key, an unknown rule, a wrong type or a syntax error fails with
// kInvalidArgument and "SOURCE:LINE:COLUMN: what is wrong". Never ignores a key.
base::Result<Template> ParsePolicy(std::string_view text, const std::string& source);

// Reads `path` (1 MiB cap) and parses it with ParsePolicy.
base::Result<Template> LoadPolicyFile(const sys::FileSystem& fs, const std::string& path);

}  // namespace atsguard::policy
