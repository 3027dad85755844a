#include "secrets/mountinfo.h"

#include "base/strings.h"

namespace atsguard::secrets {

namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      auto octal = field.substr(i + 1, 3);
      bool ok = octal.size() == 3;
      for (char c : octal) ok = ok && c >= '0' && c <= '7';
      if (ok) {
        out += static_cast<char>((octal[0] - '0') * 64 + (octal[1] - '0') * 8 + (octal[2] - '0'));
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

// True for a path component the kubelet's AtomicWriter creates: "..2026_12_03_15_52_21.38".
// Only the shape is checked (".." then a digit); the name is never parsed or ordered.
bool IsVersionComponent(std::string_view component) {
  return component.size() > 3 && component.starts_with("..") && component[2] >= '0' &&
         component[2] <= '9';
}

}  // namespace

std::vector<SubPathMount> FindSubPathMounts(std::string_view mountinfo) {
  std::vector<SubPathMount> mounts;
  for (const std::string& line : base::Split(mountinfo, '\n')) {
    // Fields: id parent major:minor root mount-point options ... - fstype source super
    std::vector<std::string> fields;
    for (const std::string& field : base::Split(line, ' ')) {
      if (!field.empty()) fields.push_back(field);
    }
    if (fields.size() < 5) continue;
    std::string root = Unescape(fields[3]);
    bool in_version = false;
    for (const std::string& component : base::Split(root, '/')) {
      in_version = in_version || IsVersionComponent(component);
    }
    if (in_version) mounts.push_back({Unescape(fields[4]), root});
  }
  return mounts;
}

}  // namespace atsguard::secrets
