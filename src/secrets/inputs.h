#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "secrets/catalog.h"
#include "secrets/volume_snapshot.h"
#include "sys/environment.h"
#include "sys/file_system.h"

namespace atsguard::secrets {

enum class Origin {
  kEnvValue,   // ATS_JWT_SECRET=<value>
  kEnvFile,    // ATS_JWT_SECRET_FILE=/path, or a path variable such as ATS_TLS_CERT
  kDirectory,  // a key of a --secrets-dir
};

// One delivery of an input. `subject` is what findings name: the variable, or the file.
struct InputValue {
  std::string value;
  Origin origin = Origin::kEnvValue;
  std::string subject;  // "ATS_JWT_SECRET" or "/var/run/secrets/ats/jwt-secret"
  std::string path;     // the file read, for kEnvFile and kDirectory
  std::optional<uint32_t> mode;  // permission bits of the real file
  bool generated = false;        // beside a --generate-missing marker
  std::optional<std::string> created_at;  // text of the sibling <key>.created-at
  std::string created_at_subject;
};

// An input that was named but could not be read: the finding says why.
struct InputProblem {
  std::optional<InputId> id;  // nullopt for a file that is not one of ours
  std::string subject;
  base::Status status;
};

// Everything the evaluator looks at, collected from the environment, <NAME>_FILE
// variables and secrets directories. A plain value type: cheap to rebuild, no I/O.
class InputSet {
 public:
  // The value ats-core uses: an env value first, then <NAME>_FILE, then the secrets
  // directories in the order given. nullptr when the input is absent.
  const InputValue* Get(InputId id) const;

  // Every delivery of `id`, in precedence order.
  const std::vector<InputValue>& All(InputId id) const;

  void Add(InputId id, InputValue value) { values_[id].push_back(std::move(value)); }
  void AddProblem(InputProblem problem) { problems_.push_back(std::move(problem)); }
  const std::vector<InputProblem>& problems() const { return problems_; }

  // Directories whose secrets were generated for development.
  std::vector<std::string> generated_dirs;

 private:
  std::map<InputId, std::vector<InputValue>> values_;
  std::vector<InputProblem> problems_;
};

// Builds the input set. `volumes` are already-read snapshots of the secrets directories
// (the sidecar re-reads only the one that changed); `_FILE` targets are read through
// `fs` with the same size cap. Never fails: unreadable inputs become problems.
InputSet CollectInputs(const sys::Environment& env, const sys::FileSystem& fs,
                       const std::vector<VolumeSnapshot>& volumes,
                       size_t max_file_bytes = 1 << 20);

}  // namespace atsguard::secrets
