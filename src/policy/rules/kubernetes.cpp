#include <cstdio>

#include "policy/rules/rules.h"

namespace atsguard::policy::rules {

using secrets::InputId;
using secrets::InputKind;

namespace {

std::string Octal(uint32_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", mode);
  return buf;
}

}  // namespace

void NotInEnv(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  for (const secrets::InputSpec& spec : secrets::AllInputs()) {
    if (spec.kind != InputKind::kSecret) continue;
    const secrets::InputValue* input = ctx.Get(spec.id);
    if (input == nullptr || input->origin != secrets::Origin::kEnvValue) continue;
    sink.Report(config.severity(), input->subject,
                "delivered as an environment variable: it never rotates and shows in "
                "/proc/PID/environ; mount it as a file (" + std::string(spec.file_key) + " or " +
                    std::string(spec.env) + "_FILE)");
  }
}

void NoSubPath(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  for (const secrets::SubPathMount& mount : ctx.subpath_mounts) {
    sink.Report(config.severity(), mount.mount_point,
                "mounted with subPath: the file never receives rotated values until the "
                "container restarts; mount the whole volume instead");
  }
}

void FileMode(const RuleContext& ctx, const RuleConfig& config, FindingSink& sink) {
  const auto allowed = static_cast<uint32_t>(std::stoul(config.String("max_mode"), nullptr, 8));
  for (const secrets::InputSpec& spec : secrets::AllInputs()) {
    if (spec.kind != InputKind::kSecret) continue;
    for (const secrets::InputValue& input : ctx.inputs.All(spec.id)) {
      if (!input.mode || (*input.mode & ~allowed) == 0) continue;
      sink.Report(config.severity(), input.subject,
                  "file mode " + Octal(*input.mode) + " is wider than " + Octal(allowed) +
                      " (set defaultMode: 0440 with fsGroup, or 0400)");
    }
  }
}

}  // namespace atsguard::policy::rules
