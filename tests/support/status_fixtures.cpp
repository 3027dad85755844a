#include "support/status_fixtures.h"

#include "support/inputs_builder.h"

namespace atsguard::testing {

std::shared_ptr<const policy::Evaluation> PassingEvaluation() {
  static const auto evaluation = std::make_shared<const policy::Evaluation>(
      EvaluateWith("production-financial", InputsBuilder::Strong("production")));
  return evaluation;
}

std::shared_ptr<const policy::Evaluation> FailingEvaluation() {
  static const auto evaluation = [] {
    auto builder = InputsBuilder::Strong("production");
    builder.Set(secrets::InputId::kJwtSecret, kCanarySecret);
    return std::make_shared<const policy::Evaluation>(
        EvaluateWith("production-financial", builder));
  }();
  return evaluation;
}

void MarkWatcherHealthy(status::StatusBoard& board) { board.SetWatcher({"inotify", true, {}}); }

void PublishPassing(status::StatusBoard& board) {
  board.PublishEvaluation(PassingEvaluation(), TestNow());
}

void PublishFailing(status::StatusBoard& board) {
  board.RecordSourceChange("/var/run/secrets/ats", TestNow());
  board.PublishEvaluation(FailingEvaluation(), TestNow());
  board.RecordReload(
      {"signal:ats-core", "skipped_invalid", TestNow(), 1, "blocking findings: reload withheld"});
}

}  // namespace atsguard::testing
