#pragma once

#include <chrono>
#include <vector>

#include "policy/analysis_cache.h"
#include "policy/evaluation.h"
#include "policy/template.h"
#include "secrets/inputs.h"
#include "secrets/mountinfo.h"

namespace atsguard::policy {

struct EvaluationOptions {
  std::chrono::system_clock::time_point now;
  std::vector<secrets::SubPathMount> subpath_mounts;
  bool strict = false;  // medium findings block too
};

// Evaluates every enabled rule of `tmpl` against `inputs`. Pure apart from the cache:
// no I/O, no clock. `cache` may be shared across calls (the sidecar keeps one) so
// unchanged key material is not analysed again.
Evaluation Evaluate(const Template& tmpl, const secrets::InputSet& inputs,
                    const EvaluationOptions& options, AnalysisCache& cache);

}  // namespace atsguard::policy
