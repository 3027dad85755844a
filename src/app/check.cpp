#include "app/check.h"

#include <algorithm>

#include "app/generate.h"
#include "audit/audit_log.h"
#include "audit/redactor.h"
#include "base/exit_code.h"
#include "policy/analysis_cache.h"
#include "policy/evaluator.h"
#include "report/report.h"

namespace atsguard::app {

using base::ExitCode;

namespace {

int Fail(const Deps& deps, ExitCode code, const std::string& message) {
  std::fprintf(deps.err, "ats-guard check: error: %s\n", message.c_str());
  return ToInt(code);
}

// The development secrets --generate-missing may create: those the template requires
// and nobody delivered.
std::vector<std::string> MissingSecrets(const policy::Template& tmpl,
                                        const secrets::InputSet& inputs) {
  std::vector<std::string> missing;
  const policy::RuleConfig& rule = tmpl.Rule("ENV-04");
  for (const std::string& key : rule.Strings("required")) {
    auto id = secrets::FindByFileKey(key);
    if (id && inputs.Get(*id) == nullptr) missing.push_back(key);
  }
  return missing;
}

void WriteTerminationLog(const CheckOptions& options, const Deps& deps, const std::string& text) {
  const bool explicit_path = !options.termination_log.empty();
  const std::string path = explicit_path ? options.termination_log : kDefaultTerminationLog;
  base::Status written = deps.fs.OverwriteFile(path, text, /*create=*/explicit_path);
  // Outside Kubernetes the default file does not exist: that is not an error.
  if (!written.ok() && (explicit_path || written.code() != base::StatusCode::kNotFound)) {
    std::fprintf(deps.err, "ats-guard check: warning: termination log not written: %s\n",
                 written.message().c_str());
  }
}

std::string Render(const CheckOptions& options, const policy::Evaluation& evaluation,
                   const report::ReportHeader& header) {
  switch (*report::ParseFormat(options.format)) {
    case report::Format::kJson: return report::RenderJson(evaluation, header).dump(2) + "\n";
    case report::Format::kSarif: return report::RenderSarif(evaluation, header).dump(2) + "\n";
    case report::Format::kText: break;
  }
  return report::RenderText(evaluation, header);
}

}  // namespace

int RunCheck(const CheckOptions& options, const Deps& deps) {
  if (!report::ParseFormat(options.format)) {
    return Fail(deps, ExitCode::kUsage, "--format must be text, json or sarif");
  }
  auto tmpl = ResolveTemplate(options.policy, deps.fs);
  if (!tmpl.ok()) return Fail(deps, ExitCode::kUsage, tmpl.status().message());

  std::vector<std::string> dirs = options.policy.secrets_dirs;
  DirectoryReads reads = ReadSecretsDirs(deps.fs, dirs);
  secrets::InputSet inputs = BuildInputs(deps.env, deps.fs, reads);

  if (!options.generate_missing.empty()) {
    if (!tmpl->Rule("ENV-04").Bool("accept_generated")) {
      return Fail(deps, ExitCode::kUsage,
                  "--generate-missing is for the development template only; template " +
                      tmpl->name + " refuses generated secrets");
    }
    base::Status generated =
        GenerateMissing(deps.fs, options.generate_missing, MissingSecrets(tmpl.value(), inputs));
    if (!generated.ok()) return Fail(deps, ExitCode::kUsage, generated.message());
    if (std::find(dirs.begin(), dirs.end(), options.generate_missing) == dirs.end()) {
      dirs.push_back(options.generate_missing);
    }
    reads = ReadSecretsDirs(deps.fs, dirs);
    inputs = BuildInputs(deps.env, deps.fs, reads);
  }

  policy::EvaluationOptions eval_options;
  eval_options.now = deps.clock.WallNow();
  eval_options.subpath_mounts = ReadSubPathMounts(deps.fs, options.policy.mountinfo_path);
  eval_options.strict = options.policy.strict;
  policy::AnalysisCache cache;
  policy::Evaluation evaluation = policy::Evaluate(tmpl.value(), inputs, eval_options, cache);

  audit::Redactor redactor;
  redactor.SetSecrets(SecretValues(inputs));
  const std::string text = redactor.Scrub(Render(options, evaluation, MakeReportHeader(deps.env, reads)));
  const bool report_on_stdout = options.output.empty();
  if (report_on_stdout) {
    std::fwrite(text.data(), 1, text.size(), deps.out);
    std::fflush(deps.out);
  } else if (base::Status written = deps.fs.WriteFileAtomic(options.output, text, 0644);
             !written.ok()) {
    return Fail(deps, ExitCode::kUsage, "--output: " + written.message());
  }

  // A machine-readable report on stdout must stay parseable: audit lines move to stderr.
  std::string audit_target = options.audit_log;
  if (audit_target == "stdout" && report_on_stdout && options.format != "text") {
    audit_target = "stderr";
  }
  auto sink = audit_target == "off" ? audit::MakeNullSink()
                                    : audit::MakeStreamSink(audit_target == "stderr");
  audit::AuditLog log(*sink, deps.clock, deps.env);
  log.SetSecrets(SecretValues(inputs));
  RecordEvaluation(log, evaluation, "allow_start", "block_start");

  WriteTerminationLog(options, deps, redactor.Scrub(report::TerminationSummary(evaluation)));
  return ToInt(evaluation.Passing() ? ExitCode::kPass : ExitCode::kBlocking);
}

}  // namespace atsguard::app
