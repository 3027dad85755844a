#pragma once

#include <string_view>

namespace atsguard::policy {

// Measurements of how guessable a value is. Pure functions over bytes.

// Shannon entropy in bits per character of the value's own character distribution.
double ShannonEntropy(std::string_view value);

enum class Charset { kHex, kBase64, kOther };

// kHex when every character is [0-9a-fA-F]; kBase64 when every character is in the
// standard or URL-safe base64 alphabet (with '=' padding); kOther otherwise.
Charset ClassifyCharset(std::string_view value);
std::string_view CharsetName(Charset charset);

// log2 of the alphabet a brute-force attacker must search, from the character classes
// present: lowercase 26, uppercase 26, digits 10, ASCII symbols 33, anything else 128.
double AlphabetBitsPerChar(std::string_view value);

// Properties of a hex-encoded symmetric key (ENC-02, ENC-03).
struct HexKeyStats {
  bool is_hex = false;
  size_t hex_chars = 0;
  int distinct_bytes = 0;
  int longest_repeat = 0;    // longest run of one byte value
  int longest_sequence = 0;  // longest run of bytes stepping by +1 or -1
  int period = 0;            // smallest period < half the length when the bytes repeat, else 0
};

HexKeyStats AnalyzeHexKey(std::string_view value);

}  // namespace atsguard::policy
