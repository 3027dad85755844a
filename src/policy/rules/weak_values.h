#pragma once

#include <span>
#include <string_view>
#include <vector>
#include <string>

namespace atsguard::policy::rules {

// Well-known default and weak values, used for detection only (JWT-07, DB-04).
std::span<const std::string_view> KnownWeakJwtSecrets();
std::span<const std::string_view> KnownWeakPasswords();

// True when `value` equals an entry of `list` or `extra`, exactly or after
// normalisation (lowercase, letters and digits only). `*normalised` says which.
bool MatchesBlocklist(std::string_view value, std::span<const std::string_view> list,
                      const std::vector<std::string>& extra, bool* normalised);

}  // namespace atsguard::policy::rules
