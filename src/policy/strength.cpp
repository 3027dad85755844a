#include "policy/strength.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

namespace atsguard::policy {

double ShannonEntropy(std::string_view value) {
  if (value.empty()) return 0.0;
  std::array<size_t, 256> counts{};
  for (char c : value) ++counts[static_cast<unsigned char>(c)];
  double entropy = 0.0;
  const auto total = static_cast<double>(value.size());
  for (size_t count : counts) {
    if (count == 0) continue;
    double p = static_cast<double>(count) / total;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

Charset ClassifyCharset(std::string_view value) {
  if (value.empty()) return Charset::kOther;
  bool hex = true;
  bool base64 = true;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    hex = hex && std::isxdigit(u);
    base64 = base64 && (std::isalnum(u) || c == '+' || c == '/' || c == '-' || c == '_' || c == '=');
  }
  if (hex) return Charset::kHex;
  return base64 ? Charset::kBase64 : Charset::kOther;
}

std::string_view CharsetName(Charset charset) {
  switch (charset) {
    case Charset::kHex: return "hex";
    case Charset::kBase64: return "base64";
    case Charset::kOther: return "mixed";
  }
  return "mixed";
}

double AlphabetBitsPerChar(std::string_view value) {
  bool lower = false, upper = false, digit = false, symbol = false, other = false;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20 || u == 0x7f) other = true;
    else if (std::islower(u)) lower = true;
    else if (std::isupper(u)) upper = true;
    else if (std::isdigit(u)) digit = true;
    else symbol = true;
  }
  int alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) +
                 (other ? 128 : 0);
  return alphabet > 0 ? std::log2(static_cast<double>(alphabet)) : 0.0;
}

HexKeyStats AnalyzeHexKey(std::string_view value) {
  HexKeyStats stats;
  stats.hex_chars = value.size();
  stats.is_hex = !value.empty() && value.size() % 2 == 0 && ClassifyCharset(value) == Charset::kHex;
  if (!stats.is_hex) return stats;
  std::string bytes;
  for (size_t i = 0; i < value.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(value.substr(i, 2)), nullptr, 16));
  }
  std::array<bool, 256> seen{};
  int repeat = 1, up = 1, down = 1;
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    if (!seen[b]) ++stats.distinct_bytes;
    seen[b] = true;
    if (i > 0) {
      auto prev = static_cast<unsigned char>(bytes[i - 1]);
      repeat = b == prev ? repeat + 1 : 1;
      up = b == static_cast<unsigned char>(prev + 1) ? up + 1 : 1;
      down = b == static_cast<unsigned char>(prev - 1) ? down + 1 : 1;
    }
    stats.longest_repeat = std::max(stats.longest_repeat, repeat);
    stats.longest_sequence = std::max({stats.longest_sequence, up, down});
  }
  for (size_t period = 1; period <= bytes.size() / 2; ++period) {
    bool repeats = true;
    for (size_t i = period; i < bytes.size() && repeats; ++i) repeats = bytes[i] == bytes[i - period];
    if (repeats) {
      stats.period = static_cast<int>(period);
      break;
    }
  }
  return stats;
}

}  // namespace atsguard::policy
