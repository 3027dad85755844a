#include "secrets/volume_snapshot.h"

#include <algorithm>

#include "crypto/digest.h"
#include "secrets/catalog.h"

namespace atsguard::secrets {

using base::Result;
using base::Status;
using base::StatusCode;
using sys::FileType;
using sys::JoinPath;

const SnapshotFile* VolumeSnapshot::Find(const std::string& key) const {
  for (const SnapshotFile& file : files) {
    if (file.key == key) return &file;
  }
  return nullptr;
}

namespace {

constexpr const char* kDataLink = "..data";

struct Walk {
  const sys::FileSystem& fs;
  const SnapshotOptions& options;
  std::vector<SnapshotFile>* files;
  bool kubelet;
  bool vanished = false;  // a file disappeared mid-read: the volume is changing
};

// Lists `real_dir` (the version directory, or the plain directory) recursively.
Status ListFiles(Walk& walk, const std::string& real_dir, const std::string& visible_dir,
                 const std::string& prefix, int depth) {
  auto names = walk.fs.ListDir(real_dir);
  if (!names.ok()) {
    if (names.status().code() == StatusCode::kNotFound) walk.vanished = true;
    return names.status();
  }
  for (const std::string& name : names.value()) {
    // Hidden entries are the kubelet's own (..data, ..<version>, ..data_tmp) or a
    // writer's temporary files; the generator's marker is looked up separately.
    if (name.starts_with(".")) continue;
    std::string real = JoinPath(real_dir, name);
    auto link = walk.fs.LStat(real);
    if (!link.ok()) {
      if (link.status().code() == StatusCode::kNotFound) walk.vanished = true;
      continue;
    }
    if (link->type == FileType::kDirectory) {
      // Nested keys ("conf/a/b"). Symlinked directories are not followed: they could loop.
      if (depth < walk.options.max_depth) {
        Status st = ListFiles(walk, real, JoinPath(visible_dir, name), prefix + name + "/",
                              depth + 1);
        if (!st.ok() && walk.vanished) return st;
      }
      continue;
    }
    if (walk.files->size() >= walk.options.max_files) {
      return Status(StatusCode::kResourceExhausted,
                    visible_dir + ": more than " + std::to_string(walk.options.max_files) +
                        " files");
    }
    SnapshotFile file;
    file.key = prefix + name;
    file.path = JoinPath(visible_dir, name);
    file.real_path = real;
    auto target = walk.fs.Stat(real);
    file.mode = target.ok() ? target->mode : link->mode;
    auto content = walk.fs.ReadFile(real, walk.options.max_file_bytes);
    if (content.ok()) {
      file.content = std::move(content).value();
    } else if (content.status().code() == StatusCode::kNotFound && walk.kubelet) {
      walk.vanished = true;  // the old version directory was removed under us
      return content.status();
    } else {
      // Report against the visible path: that is the name an operator knows.
      std::string reason = content.status().message();
      if (reason.starts_with(real)) reason = file.path + reason.substr(real.size());
      file.error = Status(content.status().code(), reason);
    }
    walk.files->push_back(std::move(file));
  }
  return Status::Ok();
}

std::string HashOf(const std::vector<SnapshotFile>& files) {
  crypto::KeyedHasher hasher;
  for (const SnapshotFile& file : files) {
    hasher.Add(file.key);
    hasher.Add(std::to_string(file.mode));
    hasher.Add(file.error.ok() ? file.content : "error:" + file.error.message());
  }
  return hasher.Finish();
}

Result<VolumeSnapshot> ReadKubeletVolume(const sys::FileSystem& fs, const std::string& dir,
                                         const SnapshotOptions& options) {
  const std::string link = JoinPath(dir, kDataLink);
  std::string last_error;
  for (int attempt = 0; attempt < options.max_attempts; ++attempt) {
    auto before = fs.ReadLink(link);
    if (!before.ok()) {
      last_error = before.status().message();
      continue;  // mid-swap (..data briefly absent on some writers); try again
    }
    VolumeSnapshot snapshot;
    snapshot.dir = dir;
    snapshot.kubelet_layout = true;
    snapshot.version = before.value();
    Walk walk{fs, options, &snapshot.files, /*kubelet=*/true};
    Status listed = ListFiles(walk, JoinPath(dir, before.value()), dir, "", 0);
    auto after = fs.ReadLink(link);
    if (walk.vanished || !after.ok() || after.value() != before.value()) {
      last_error = dir + ": ..data moved while it was read";
      if (!listed.ok() && !walk.vanished) last_error = listed.message();
      continue;
    }
    if (!listed.ok()) return listed;
    snapshot.generated_marker =
        fs.LStat(JoinPath(JoinPath(dir, before.value()), std::string(kGeneratedMarker))).ok();
    std::sort(snapshot.files.begin(), snapshot.files.end(),
              [](const SnapshotFile& a, const SnapshotFile& b) { return a.key < b.key; });
    snapshot.content_hash = HashOf(snapshot.files);
    return snapshot;
  }
  return Status(StatusCode::kUnavailable,
                dir + ": no consistent version after " + std::to_string(options.max_attempts) +
                    " reads (" + last_error + "; a dangling or constantly moving ..data?)");
}

}  // namespace

Result<VolumeSnapshot> ReadVolume(const sys::FileSystem& fs, const std::string& dir,
                                  const SnapshotOptions& options) {
  auto info = fs.Stat(dir);
  if (!info.ok()) return info.status();
  if (info->type != FileType::kDirectory) {
    return Status(StatusCode::kFailedPrecondition,
                  dir + ": is " + sys::DescribeFileType(info->type) + ", not a directory");
  }
  if (fs.LStat(JoinPath(dir, kDataLink)).ok()) return ReadKubeletVolume(fs, dir, options);

  VolumeSnapshot snapshot;
  snapshot.dir = dir;
  Walk walk{fs, options, &snapshot.files, /*kubelet=*/false};
  Status listed = ListFiles(walk, dir, dir, "", 0);
  if (!listed.ok()) return listed;
  snapshot.generated_marker = fs.LStat(JoinPath(dir, std::string(kGeneratedMarker))).ok();
  snapshot.content_hash = HashOf(snapshot.files);
  return snapshot;
}

}  // namespace atsguard::secrets
