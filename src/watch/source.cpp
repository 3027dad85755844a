#include "watch/source.h"

#include <algorithm>
#include <map>

#include "crypto/digest.h"
#include "secrets/catalog.h"

namespace atsguard::watch {

namespace {

std::string ParentOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string WithoutTrailingSlash(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

}  // namespace

std::vector<WatchSource> PlanSources(const std::vector<std::string>& secrets_dirs,
                                     const sys::Environment& env) {
  std::vector<WatchSource> sources;
  for (const std::string& raw : secrets_dirs) {
    std::string dir = WithoutTrailingSlash(raw);
    bool seen = std::any_of(sources.begin(), sources.end(),
                            [&](const WatchSource& s) { return s.dir == dir; });
    if (!seen) sources.push_back({dir, true, {}});
  }
  for (const secrets::InputSpec& spec : secrets::AllInputs()) {
    std::vector<std::string> variables = {std::string(spec.env) + "_FILE"};
    if (spec.env_is_path) variables.push_back(std::string(spec.env));
    for (const std::string& variable : variables) {
      auto path = env.Get(variable);
      if (!path || path->empty()) continue;
      const std::string dir = ParentOf(*path);
      auto it = std::find_if(sources.begin(), sources.end(),
                             [&](const WatchSource& s) { return s.dir == dir; });
      if (it == sources.end()) {
        sources.push_back({dir, false, {*path}});
      } else if (!it->secrets_dir &&
                 std::find(it->files.begin(), it->files.end(), *path) == it->files.end()) {
        it->files.push_back(*path);
      }
    }
  }
  return sources;
}

SourceState ReadSource(const sys::FileSystem& fs, const WatchSource& source, bool* transient) {
  *transient = false;
  SourceState state;
  crypto::KeyedHasher hasher;
  if (source.secrets_dir) {
    auto volume = secrets::ReadVolume(fs, source.dir);
    if (volume.ok()) {
      hasher.Add("volume");
      hasher.Add(volume->content_hash);
      hasher.Add(volume->generated_marker ? "generated" : "");
      state.volume = std::move(volume).value();
    } else {
      *transient = volume.status().code() == base::StatusCode::kUnavailable;
      state.error = volume.status();
      hasher.Add("error");
      hasher.Add(volume.status().message());
    }
  } else {
    for (const std::string& path : source.files) {
      hasher.Add(path);
      auto content = fs.ReadFile(path, 1 << 20);
      auto info = fs.Stat(path);
      hasher.Add(info.ok() ? std::to_string(info->mode) : "");
      hasher.Add(content.ok() ? content.value() : "error:" + content.status().message());
    }
  }
  state.fingerprint = hasher.Finish();
  return state;
}

std::vector<std::string> ChangedKeys(const SourceState& before, const SourceState& after) {
  std::map<std::string, const secrets::SnapshotFile*> old_files;
  std::map<std::string, const secrets::SnapshotFile*> new_files;
  if (before.volume) {
    for (const auto& file : before.volume->files) old_files[file.key] = &file;
  }
  if (after.volume) {
    for (const auto& file : after.volume->files) new_files[file.key] = &file;
  }
  std::vector<std::string> keys;
  for (const auto& [key, file] : new_files) {
    auto it = old_files.find(key);
    if (it == old_files.end()) {
      keys.push_back("+" + key);
    } else if (it->second->content != file->content || it->second->mode != file->mode ||
               it->second->error.message() != file->error.message()) {
      keys.push_back(key);
    }
  }
  for (const auto& [key, file] : old_files) {
    if (!new_files.contains(key)) keys.push_back("-" + key);
  }
  return keys;
}

}  // namespace atsguard::watch
