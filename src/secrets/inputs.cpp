#include "secrets/inputs.h"

namespace atsguard::secrets {

namespace {

const std::vector<InputValue> kNone;

void AddFromFile(InputSet& set, const InputSpec& spec, const sys::FileSystem& fs,
                 const std::string& variable, const std::string& path, size_t max_bytes) {
  std::string subject = path + " (" + variable + ")";
  if (path.empty()) {
    set.AddProblem({spec.id, variable, base::Status(base::StatusCode::kInvalidArgument,
                                                    variable + ": is set but empty")});
    return;
  }
  auto content = fs.ReadFile(path, max_bytes);
  if (!content.ok()) {
    set.AddProblem({spec.id, subject, content.status()});
    return;
  }
  InputValue value;
  value.value = std::move(content).value();
  value.origin = Origin::kEnvFile;
  value.subject = subject;
  value.path = path;
  if (auto info = fs.Stat(path); info.ok()) value.mode = info->mode;
  set.Add(spec.id, std::move(value));
}

}  // namespace

const InputValue* InputSet::Get(InputId id) const {
  auto it = values_.find(id);
  if (it == values_.end() || it->second.empty()) return nullptr;
  return &it->second.front();
}

const std::vector<InputValue>& InputSet::All(InputId id) const {
  auto it = values_.find(id);
  return it == values_.end() ? kNone : it->second;
}

InputSet CollectInputs(const sys::Environment& env, const sys::FileSystem& fs,
                       const std::vector<VolumeSnapshot>& volumes, size_t max_file_bytes) {
  InputSet set;
  for (const InputSpec& spec : AllInputs()) {
    const std::string name(spec.env);
    if (auto direct = env.Get(name)) {
      if (spec.env_is_path) {
        AddFromFile(set, spec, fs, name, *direct, max_file_bytes);
      } else {
        set.Add(spec.id, InputValue{*direct, Origin::kEnvValue, name, "", std::nullopt, false,
                                    std::nullopt, ""});
      }
    }
    const std::string file_var = name + "_FILE";
    if (auto path = env.Get(file_var)) AddFromFile(set, spec, fs, file_var, *path, max_file_bytes);
  }

  for (const VolumeSnapshot& volume : volumes) {
    if (volume.generated_marker) set.generated_dirs.push_back(volume.dir);
    for (const SnapshotFile& file : volume.files) {
      auto id = FindByFileKey(file.key);
      if (!id) continue;  // not one of ats-core's inputs (and not a .created-at sibling)
      if (!file.error.ok()) {
        set.AddProblem({id, file.path, file.error});
        continue;
      }
      InputValue value;
      value.value = file.content;
      value.origin = Origin::kDirectory;
      value.subject = file.path;
      value.path = file.path;
      value.mode = file.mode;
      value.generated = volume.generated_marker;
      if (const SnapshotFile* created = volume.Find(file.key + std::string(kCreatedAtSuffix));
          created != nullptr && created->error.ok()) {
        value.created_at = created->content;
        value.created_at_subject = created->path;
      }
      set.Add(*id, std::move(value));
    }
  }
  return set;
}

}  // namespace atsguard::secrets
