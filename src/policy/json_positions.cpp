#include "policy/json_positions.h"

#include <iterator>
#include <vector>

namespace atsguard::policy {

using base::Result;
using base::Status;
using base::StatusCode;
using nlohmann::json;

std::string LineColumn(std::string_view text, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

namespace {

// Walks the text for nlohmann's lexer and remembers the furthest character it read:
// when a SAX callback fires, that is the end of the token just parsed.
struct TrackingIterator {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at = nullptr;
  const char** furthest = nullptr;

  reference operator*() const {
    if (at > *furthest) *furthest = at;
    return *at;
  }
  TrackingIterator& operator++() {
    ++at;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++at;
    return old;
  }
  bool operator==(const TrackingIterator& other) const { return at == other.at; }
  bool operator!=(const TrackingIterator& other) const { return at != other.at; }
};

std::string EscapePointerToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

// Builds the tree and the offsets from SAX events.
class PositionRecorder : public nlohmann::json_sax<json> {
 public:
  PositionRecorder(PositionedJson* doc, const char* begin, const char** furthest)
      : doc_(doc), begin_(begin), furthest_(furthest) {}

  bool null() override { return Put(json(nullptr)); }
  bool boolean(bool v) override { return Put(json(v)); }
  bool number_integer(number_integer_t v) override { return Put(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Put(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return Put(json(v)); }
  bool string(string_t& v) override { return Put(json(v)); }
  bool binary(binary_t& v) override { return Put(json(v)); }

  bool start_object(std::size_t) override { return Open(json::object()); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(json::array()); }
  bool end_array() override { return Close(); }

  bool key(string_t& key) override {
    Frame& frame = stack_.back();
    if (frame.value->contains(key)) {
      error_ = "duplicate key \"" + key + "\"";
      error_offset_ = Offset();
      return false;
    }
    frame.pending_key = key;
    // A member is located by the opening quote of its key: that is what a person looks
    // for. The reader has just passed the closing quote (escapes make this approximate).
    const size_t end = Offset();
    const size_t start = end >= key.size() + 1 ? end - key.size() - 1 : 0;
    doc_->offsets_.emplace(frame.pointer + "/" + EscapePointerToken(key), start);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1,
    // column 5: syntax error ..."; keep what follows the position.
    std::string what = ex.what();
    size_t colon = what.find(": ", what.find("column"));
    error_ = colon == std::string::npos ? what : what.substr(colon + 2);
    error_offset_ = position > 0 ? position - 1 : 0;
    return false;
  }

  const std::string& error() const { return error_; }
  size_t error_offset() const { return error_offset_; }

 private:
  struct Frame {
    json* value;
    std::string pointer;
    std::string pending_key;
  };

  size_t Offset() const { return static_cast<size_t>(*furthest_ - begin_); }

  // Places `value` in the current container; returns where it landed and its pointer.
  json* Place(json value, std::string* pointer) {
    if (stack_.empty()) {
      doc_->root_ = std::move(value);
      *pointer = "";
      return &doc_->root_;
    }
    Frame& parent = stack_.back();
    if (parent.value->is_object()) {
      *pointer = parent.pointer + "/" + EscapePointerToken(parent.pending_key);
      return &((*parent.value)[parent.pending_key] = std::move(value));
    }
    *pointer = parent.pointer + "/" + std::to_string(parent.value->size());
    parent.value->push_back(std::move(value));
    return &parent.value->back();
  }

  bool Put(json value) {
    std::string pointer;
    Place(std::move(value), &pointer);
    doc_->offsets_.emplace(pointer, Offset());
    return true;
  }

  bool Open(json container) {
    std::string pointer;
    json* placed = Place(std::move(container), &pointer);
    doc_->offsets_.emplace(pointer, Offset());
    stack_.push_back(Frame{placed, pointer, ""});
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  PositionedJson* doc_;
  const char* begin_;
  const char** furthest_;
  std::vector<Frame> stack_;
  std::string error_;
  size_t error_offset_ = 0;
};

Result<PositionedJson> PositionedJson::Parse(std::string_view text, const std::string& source) {
  PositionedJson doc;
  doc.source_ = source;
  doc.text_ = std::string(text);
  const char* begin = doc.text_.data();
  const char* furthest = begin;
  TrackingIterator first{begin, &furthest};
  TrackingIterator last{begin + doc.text_.size(), &furthest};
  PositionRecorder recorder(&doc, begin, &furthest);
  bool ok = json::sax_parse(first, last, &recorder);
  if (!ok) {
    return Status(StatusCode::kInvalidArgument,
                  source + ":" + LineColumn(doc.text_, recorder.error_offset()) + ": " +
                      (recorder.error().empty() ? "invalid JSON" : recorder.error()));
  }
  return doc;
}

std::string PositionedJson::Where(const std::string& pointer) const {
  auto it = offsets_.find(pointer);
  if (it == offsets_.end()) return source_;
  return source_ + ":" + LineColumn(text_, it->second);
}

}  // namespace atsguard::policy
