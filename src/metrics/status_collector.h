#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <chrono>
#include <string>
#include <vector>

#include "status/status_board.h"
#include "sys/clock.h"

namespace atsguard::metrics {

// The ats_guard_* families of the sidecar's state, built from one StatusSnapshot at scrape
// time so /metrics, /status and the probes never disagree (one source of truth). Secret
// values never reach a family: labels are rule ids, severities, canonical file keys,
// directory paths, reload targets and error reasons, all bounded by configuration.
// Borrows the board and the clock, which must outlive it. Thread-safe (Collect only reads).
class StatusCollector : public prometheus::Collectable {
 public:
  StatusCollector(const status::StatusBoard& board, const sys::Clock& clock, std::string version);

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const status::StatusBoard& board_;
  const sys::Clock& clock_;
  std::string version_;
};

// The families for `snapshot` as seen at wall time `now` (secret ages advance with it).
// Families without a sample are left out; evaluation families appear after the first
// evaluation.
std::vector<prometheus::MetricFamily> StatusFamilies(const status::StatusSnapshot& snapshot,
                                                     std::chrono::system_clock::time_point now,
                                                     const std::string& version);

}  // namespace atsguard::metrics
