#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "base/status.h"
#include "policy/evaluation.h"
#include "policy/template.h"
#include "report/report.h"
#include "secrets/inputs.h"
#include "secrets/mountinfo.h"
#include "secrets/volume_snapshot.h"
#include "sys/environment.h"
#include "sys/file_system.h"

// The steps check and watch share: choose the template, read the inputs, record an
// evaluation in the audit log.
namespace atsguard::app {

// Flags common to check and watch.
struct PolicyOptions {
  std::string template_name = "production-financial";
  std::string policy_path;  // a policy file extending a built-in template; wins over template_name
  std::vector<std::string> secrets_dirs;
  bool strict = false;
  std::string mountinfo_path = "/proc/self/mountinfo";
};

// The built-in template or the policy file. Errors (unknown template, invalid policy)
// are configuration errors: the caller exits with kUsage.
base::Result<policy::Template> ResolveTemplate(const PolicyOptions& options,
                                               const sys::FileSystem& fs);

// One snapshot per secrets directory; a directory that cannot be read becomes an input
// problem (and so a finding), because the pod must not start without its secrets.
struct DirectoryReads {
  std::vector<secrets::VolumeSnapshot> volumes;
  std::vector<secrets::InputProblem> problems;
};
DirectoryReads ReadSecretsDirs(const sys::FileSystem& fs, const std::vector<std::string>& dirs);

// Environment + _FILE + directory snapshots -> inputs, with directory problems added.
secrets::InputSet BuildInputs(const sys::Environment& env, const sys::FileSystem& fs,
                              const DirectoryReads& reads);

// subPath mounts from mountinfo; an unreadable mountinfo yields none (not in a container).
std::vector<secrets::SubPathMount> ReadSubPathMounts(const sys::FileSystem& fs,
                                                     const std::string& path);

// Every secret value present, for the redactor.
std::vector<std::string> SecretValues(const secrets::InputSet& inputs);

// The report header: where inputs came from.
report::ReportHeader MakeReportHeader(const sys::Environment& env, const DirectoryReads& reads);

// One audit line per finding and one for the verdict. `pass_action` / `fail_action`
// name what the mode does ("allow_start" / "block_start" for check).
void RecordEvaluation(audit::AuditLog& log, const policy::Evaluation& evaluation,
                      std::string_view pass_action, std::string_view fail_action);

}  // namespace atsguard::app
