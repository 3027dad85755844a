#include "support/memory_file_system.h"

#include <cerrno>
#include <vector>

#include "base/strings.h"

namespace atsguard::testing {

using base::ErrnoStatus;
using base::Result;
using base::Status;
using base::StatusCode;
using sys::FileType;

namespace {

constexpr int kMaxLinks = 40;  // the kernel's MAXSYMLINKS

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  for (const std::string& part : base::Split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(part);
  }
  return out;
}

std::string JoinComponents(const std::vector<std::string>& parts, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += "/" + parts[i];
  return out.empty() ? "/" : out;
}

}  // namespace

void MemoryFileSystem::AddParents(const std::string& path) {
  auto parts = Components(path);
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string dir = JoinComponents(parts, i);
    if (!nodes_.contains(dir)) nodes_[dir] = Node{FileType::kDirectory, 0755, ""};
  }
}

void MemoryFileSystem::AddDir(const std::string& path, uint32_t mode) {
  AddParents(path);
  nodes_[JoinComponents(Components(path), Components(path).size())] =
      Node{FileType::kDirectory, mode, ""};
}

void MemoryFileSystem::AddFile(const std::string& path, std::string content, uint32_t mode) {
  AddParents(path);
  nodes_[JoinComponents(Components(path), Components(path).size())] =
      Node{FileType::kRegular, mode, std::move(content)};
}

void MemoryFileSystem::AddSymlink(const std::string& path, std::string target) {
  AddParents(path);
  nodes_[JoinComponents(Components(path), Components(path).size())] =
      Node{FileType::kSymlink, 0777, std::move(target)};
}

void MemoryFileSystem::AddFifo(const std::string& path) {
  AddParents(path);
  nodes_[JoinComponents(Components(path), Components(path).size())] =
      Node{FileType::kFifo, 0600, ""};
}

Result<std::string> MemoryFileSystem::Resolve(const std::string& path, bool follow_last) const {
  std::vector<std::string> pending = Components(path);
  std::vector<std::string> done;
  int links = 0;
  while (!pending.empty()) {
    std::string name = pending.front();
    pending.erase(pending.begin());
    done.push_back(name);
    std::string current = JoinComponents(done, done.size());
    auto it = nodes_.find(current);
    if (it == nodes_.end()) return ErrnoStatus(ENOENT, path);
    const bool last = pending.empty();
    if (it->second.type == FileType::kSymlink && (!last || follow_last)) {
      if (++links > kMaxLinks) return ErrnoStatus(ELOOP, path);
      const std::string& target = it->second.data;
      done.pop_back();
      std::vector<std::string> expanded =
          target.starts_with("/") ? Components(target)
                                  : Components(JoinComponents(done, done.size()) + "/" + target);
      done.clear();  // `expanded` is absolute now
      expanded.insert(expanded.end(), pending.begin(), pending.end());
      pending = std::move(expanded);
      continue;
    }
    if (!last && it->second.type != FileType::kDirectory) return ErrnoStatus(ENOTDIR, path);
  }
  return JoinComponents(done, done.size());
}

Result<sys::FileInfo> MemoryFileSystem::InfoOf(const std::string& canonical) const {
  sys::FileInfo info;
  if (canonical == "/") {
    info.type = FileType::kDirectory;
    info.mode = 0755;
    return info;
  }
  auto it = nodes_.find(canonical);
  if (it == nodes_.end()) return ErrnoStatus(ENOENT, canonical);
  info.type = it->second.type;
  info.mode = it->second.mode;
  info.size = it->second.data.size();
  return info;
}

Result<std::string> MemoryFileSystem::ReadFile(const std::string& path, size_t max_bytes) const {
  auto canonical = Resolve(path, true);
  if (!canonical.ok()) return canonical.status();
  auto info = InfoOf(canonical.value());
  if (!info.ok()) return ErrnoStatus(ENOENT, path);
  if (info->type != FileType::kRegular) {
    return Status(StatusCode::kFailedPrecondition,
                  path + ": is " + sys::DescribeFileType(info->type) + ", not a regular file");
  }
  const std::string& data = nodes_.at(canonical.value()).data;
  if (data.size() > max_bytes) {
    return Status(StatusCode::kResourceExhausted,
                  path + ": larger than the " + std::to_string(max_bytes) + "-byte limit");
  }
  return data;
}

Result<std::string> MemoryFileSystem::ReadLink(const std::string& path) const {
  auto canonical = Resolve(path, false);
  if (!canonical.ok()) return canonical.status();
  auto it = nodes_.find(canonical.value());
  if (it == nodes_.end() || it->second.type != FileType::kSymlink) {
    return Status(StatusCode::kInvalidArgument, path + ": not a symlink");
  }
  return it->second.data;
}

Result<std::vector<std::string>> MemoryFileSystem::ListDir(const std::string& path) const {
  auto canonical = Resolve(path, true);
  if (!canonical.ok()) return canonical.status();
  auto info = InfoOf(canonical.value());
  if (!info.ok()) return info.status();
  if (info->type != FileType::kDirectory) return ErrnoStatus(ENOTDIR, path);
  const std::string prefix = canonical.value() == "/" ? "/" : canonical.value() + "/";
  std::vector<std::string> names;
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix);
       ++it) {
    std::string rest = it->first.substr(prefix.size());
    if (!rest.empty() && rest.find('/') == std::string::npos) names.push_back(rest);
  }
  return names;
}

Result<sys::FileInfo> MemoryFileSystem::Stat(const std::string& path) const {
  auto canonical = Resolve(path, true);
  if (!canonical.ok()) return canonical.status();
  return InfoOf(canonical.value());
}

Result<sys::FileInfo> MemoryFileSystem::LStat(const std::string& path) const {
  auto canonical = Resolve(path, false);
  if (!canonical.ok()) return canonical.status();
  return InfoOf(canonical.value());
}

Status MemoryFileSystem::WriteFileAtomic(const std::string& path, const std::string&,
                                         uint32_t) const {
  return ErrnoStatus(EROFS, path);
}

Status MemoryFileSystem::OverwriteFile(const std::string& path, const std::string&, bool) const {
  return ErrnoStatus(EROFS, path);
}

Status MemoryFileSystem::MakeDirs(const std::string& path, uint32_t) const {
  return ErrnoStatus(EROFS, path);
}

}  // namespace atsguard::testing
