#include <ctime>

#include "base/strings.h"
#include "report/report.h"

namespace atsguard::report {

using policy::Evaluation;
using policy::Finding;

namespace {

std::string Pad(std::string_view text, size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string Ages(const Evaluation& evaluation) {
  std::string out;
  for (const policy::SecretAge& age : evaluation.ages) {
    out += "  " + Pad(age.secret, 22);
    if (age.age_seconds) {
      out += std::to_string(static_cast<long long>(*age.age_seconds / 86400)) + " days (" +
             age.source + ")\n";
    } else {
      out += "unknown (" + age.source + ")\n";
    }
  }
  for (const policy::CertificateExpiry& cert : evaluation.certificates) {
    char date[32];
    struct tm tm {};
    gmtime_r(&cert.not_after, &tm);
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    out += "  " + Pad(cert.secret, 22) + "expires " + date + "\n";
  }
  return out;
}

}  // namespace

std::string RenderText(const Evaluation& evaluation, const ReportHeader& header) {
  std::string out = "ats-guard " + header.version + " check: template " +
                    evaluation.template_name + " (blocks at " +
                    std::string(policy::SeverityName(evaluation.block_at)) + " and above" +
                    (evaluation.strict ? "; --strict: medium blocks too" : "") + ")\n";
  out += "Inputs: " + std::to_string(evaluation.inputs_present) + " present";
  for (const SourceSummary& source : header.sources) {
    out += "; " + source.name + " (" + source.kind + ", " + std::to_string(source.files) + ")";
  }
  out += "\n\n";
  if (evaluation.findings.empty()) out += "No findings.\n";
  for (const Finding& f : evaluation.findings) {
    out += std::string(f.blocking ? "[BLOCKING] " : "[warning]  ") +
           Pad(policy::SeverityLabel(f.severity), 9) + Pad(f.rule, 7) + f.subject + "\n" +
           std::string(11, ' ') + f.message + "\n";
  }
  std::string ages = Ages(evaluation);
  if (!ages.empty()) out += "\nKey ages and certificate expiry:\n" + ages;
  out += "\nResult: " + VerdictLine(evaluation) + "\n";
  return out;
}

}  // namespace atsguard::report
