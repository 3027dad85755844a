#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <optional>
#include <string>
#include <vector>

#include "sys/file_system.h"

namespace atsguard::metrics {

// Where the process families come from. Tests point these at a directory of fixtures.
struct ProcessSource {
  std::string self_dir = "/proc/self";   // stat, limits, fd/
  std::string stat_file = "/proc/stat";  // btime: boot time, for the start timestamp
  long ticks_per_second = 100;           // sysconf(_SC_CLK_TCK)
  long page_size = 4096;                 // sysconf(_SC_PAGESIZE)

  // This process, with the kernel's tick rate and page size.
  static ProcessSource Current();
};

// The standard process_* families (the names client_golang and the Prometheus docs use),
// read from procfs at scrape time: resident and virtual memory, CPU seconds, open file
// descriptors; the start time and the descriptor limit are read once. A file that cannot be read or
// parsed drops its families from that scrape rather than failing it. Borrows `fs`. Thread-safe.
class ProcessCollector : public prometheus::Collectable {
 public:
  ProcessCollector(const sys::FileSystem& fs, ProcessSource source);

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const sys::FileSystem& fs_;
  ProcessSource source_;
  std::optional<double> boot_time_;  // read once: it never changes
  std::optional<double> max_fds_;    // read once: nothing in the process raises it
};

}  // namespace atsguard::metrics
