#include "policy/evaluation.h"

#include <algorithm>

namespace atsguard::policy {

int Evaluation::BlockingCount() const {
  return static_cast<int>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.blocking; }));
}

int Evaluation::CountAt(Severity severity) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [severity](const Finding& f) { return f.severity == severity; }));
}

}  // namespace atsguard::policy
