#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace atsguard::base {

// Small string helpers shared by the rules and the loaders. Pure functions.

std::string_view Trim(std::string_view s);
std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// Lowercase letters and digits only: "Your_Secret-Key" -> "yoursecretkey". Used to match
// blocklists against trivially disguised variants.
std::string NormalizeAlnum(std::string_view s);

// Number of Unicode code points when `s` is valid UTF-8, else the number of bytes.
size_t CharacterCount(std::string_view s);
bool IsValidUtf8(std::string_view s);

// Parses a base-10 integer that must fill the whole string ("60", not "60rpm" or " 60").
bool ParseInt64(std::string_view s, long long* out);

// Formats a double with one decimal ("4.5"), the precision findings use.
std::string OneDecimal(double value);

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string TruncateUtf8(std::string_view s, size_t max_bytes);

}  // namespace atsguard::base
