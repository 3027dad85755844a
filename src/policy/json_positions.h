#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace atsguard::policy {

// A JSON document that remembers where each value came from, so a policy error can say
// "policy.json:4:17" rather than just "wrong type". nlohmann_json 3.11 keeps no
// positions, so a SAX handler builds the tree and records the reader's offset.
class PositionedJson {
 public:
  // Parses `text`; `source` names it in messages. Fails with kInvalidArgument on a syntax
  // error or a duplicate key, with line and column.
  static base::Result<PositionedJson> Parse(std::string_view text, const std::string& source);

  const nlohmann::json& root() const { return root_; }

  // "SOURCE:LINE:COLUMN" of the value at `pointer` (as "/rules/RL-01/max"); the source
  // alone when the pointer is unknown.
  std::string Where(const std::string& pointer) const;

 private:
  friend class PositionRecorder;
  std::string source_;
  std::string text_;
  nlohmann::json root_;
  std::map<std::string, size_t> offsets_;  // JSON pointer -> byte offset
};

// "LINE:COLUMN" (1-based) of byte `offset` in `text`.
std::string LineColumn(std::string_view text, size_t offset);

}  // namespace atsguard::policy
