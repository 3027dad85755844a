#include "app/guard_inputs.h"

#include "policy/policy_loader.h"

namespace atsguard::app {

base::Result<policy::Template> ResolveTemplate(const PolicyOptions& options,
                                               const sys::FileSystem& fs) {
  if (!options.policy_path.empty()) return policy::LoadPolicyFile(fs, options.policy_path);
  return policy::LoadBuiltinTemplate(options.template_name);
}

DirectoryReads ReadSecretsDirs(const sys::FileSystem& fs, const std::vector<std::string>& dirs) {
  DirectoryReads reads;
  for (const std::string& dir : dirs) {
    auto snapshot = secrets::ReadVolume(fs, dir);
    if (snapshot.ok()) {
      reads.volumes.push_back(std::move(snapshot).value());
    } else {
      reads.problems.push_back({std::nullopt, dir, snapshot.status()});
    }
  }
  return reads;
}

secrets::InputSet BuildInputs(const sys::Environment& env, const sys::FileSystem& fs,
                              const DirectoryReads& reads) {
  secrets::InputSet inputs = secrets::CollectInputs(env, fs, reads.volumes);
  for (const secrets::InputProblem& problem : reads.problems) inputs.AddProblem(problem);
  return inputs;
}

std::vector<secrets::SubPathMount> ReadSubPathMounts(const sys::FileSystem& fs,
                                                     const std::string& path) {
  auto text = fs.ReadFile(path, 4 << 20);
  if (!text.ok()) return {};
  return secrets::FindSubPathMounts(text.value());
}

std::vector<std::string> SecretValues(const secrets::InputSet& inputs) {
  std::vector<std::string> values;
  for (const secrets::InputSpec& spec : secrets::AllInputs()) {
    if (spec.kind != secrets::InputKind::kSecret) continue;
    for (const secrets::InputValue& value : inputs.All(spec.id)) values.push_back(value.value);
  }
  return values;
}

report::ReportHeader MakeReportHeader(const sys::Environment& env, const DirectoryReads& reads) {
  report::ReportHeader header;
  header.version = ATSGUARD_VERSION;
  int variables = 0;
  for (const auto& [name, value] : env.All()) variables += name.starts_with("ATS_") ? 1 : 0;
  header.sources.push_back({"environment", "ATS_* variables", variables});
  for (const secrets::VolumeSnapshot& volume : reads.volumes) {
    header.sources.push_back({volume.dir, volume.kubelet_layout ? "kubelet volume" : "directory",
                              static_cast<int>(volume.files.size())});
  }
  return header;
}

void RecordEvaluation(audit::AuditLog& log, const policy::Evaluation& evaluation,
                      std::string_view pass_action, std::string_view fail_action) {
  for (const policy::Finding& finding : evaluation.findings) {
    audit::AuditEvent event;
    event.event_type = "policy_violation";
    event.severity = std::string(policy::SeverityName(finding.severity));
    event.action_taken = finding.blocking ? std::string(fail_action) : "warn";
    event.rule = finding.rule;
    event.subject = finding.subject;
    event.message = finding.message;
    event.details = {{"template", evaluation.template_name}, {"blocking", finding.blocking}};
    log.Record(event);
  }
  audit::AuditEvent verdict;
  verdict.event_type = "validation_verdict";
  verdict.severity = evaluation.findings.empty()
                         ? "info"
                         : std::string(policy::SeverityName(evaluation.findings.front().severity));
  verdict.action_taken = std::string(evaluation.Passing() ? pass_action : fail_action);
  verdict.message = report::VerdictLine(evaluation);
  verdict.details = {{"template", evaluation.template_name},
                     {"verdict", evaluation.Passing() ? "pass" : "fail"},
                     {"blocking_findings", evaluation.BlockingCount()},
                     {"findings", evaluation.findings.size()}};
  log.Record(verdict);
}

}  // namespace atsguard::app
