#pragma once

#include <memory>
#include <string>

#include "policy/evaluation.h"
#include "status/status_board.h"

namespace atsguard::testing {

// A secret value that must never appear in any response, metric or log line. It is the
// JWT secret of the failing evaluation (too short for production) and the tests also
// plant it where a bug could leak it (reload messages, watcher problems).
inline constexpr const char* kCanarySecret = "canary-7f3a9c1e5b2d4086";

// production-financial evaluations made by the real evaluator at TestNow().
std::shared_ptr<const policy::Evaluation> PassingEvaluation();
// After a rotation to a short JWT secret (kCanarySecret): JWT-05 and JWT-06 block.
std::shared_ptr<const policy::Evaluation> FailingEvaluation();

// Board states along the sidecar's life cycle, each building on the previous one.
void MarkWatcherHealthy(status::StatusBoard& board);
void PublishPassing(status::StatusBoard& board);
void PublishFailing(status::StatusBoard& board);

}  // namespace atsguard::testing
