#include "metrics/process_collector.h"

#include <doctest/doctest.h>

#include <optional>

#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

std::optional<double> Value(const std::vector<prometheus::MetricFamily>& families,
                            const std::string& name) {
  for (const auto& family : families) {
    if (family.name != name) continue;
    REQUIRE(family.metric.size() == 1);
    return family.type == prometheus::MetricType::Counter ? family.metric[0].counter.value
                                                          : family.metric[0].gauge.value;
  }
  return std::nullopt;
}

// A procfs look-alike: the command name holds spaces and parentheses, as a hostile one may.
metrics::ProcessSource FakeProc(const TempDir& dir) {
  WriteFile(dir.Sub("self/stat"),
            "1234 (ats (guard) x) S 1 1 1 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 3 0 5000 "
            "104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  WriteFile(dir.Sub("stat"), "cpu  1 2 3 4\nintr 5\nbtime 1700000000\nprocesses 42\n");
  WriteFile(dir.Sub("self/limits"),
            "Limit                     Soft Limit           Hard Limit           Units\n"
            "Max cpu time              unlimited            unlimited            seconds\n"
            "Max open files            1024                 4096                 files\n");
  for (const char* fd : {"0", "1", "2"}) WriteFile(dir.Sub(std::string("self/fd/") + fd), "");
  metrics::ProcessSource source;
  source.self_dir = dir.Sub("self");
  source.stat_file = dir.Sub("stat");
  source.ticks_per_second = 100;
  source.page_size = 4096;
  return source;
}

TEST_CASE("process families are read from procfs in base units") {
  TempDir dir;
  sys::PosixFileSystem fs;
  metrics::ProcessCollector collector(fs, FakeProc(dir));
  auto families = collector.Collect();
  CHECK(Value(families, "process_cpu_seconds_total") == 4.0);  // (250 + 150) ticks / 100
  CHECK(Value(families, "process_resident_memory_bytes") == 2560.0 * 4096);
  CHECK(Value(families, "process_virtual_memory_bytes") == 104857600.0);
  CHECK(Value(families, "process_start_time_seconds") == 1700000050.0);  // btime + 5000 / 100
  CHECK(Value(families, "process_open_fds") == 3);
  CHECK(Value(families, "process_max_fds") == 1024);
}

TEST_CASE("an unreadable procfs file drops its families, not the scrape") {
  TempDir dir;
  sys::PosixFileSystem fs;
  metrics::ProcessSource source = FakeProc(dir);
  source.self_dir = dir.Sub("gone");
  metrics::ProcessCollector collector(fs, source);
  CHECK(collector.Collect().empty());
  WriteFile(dir.Sub("gone/stat"), "garbage without a command name\n");
  CHECK(collector.Collect().empty());
}

TEST_CASE("this process's own families are present and plausible") {
  sys::PosixFileSystem fs;
  metrics::ProcessCollector collector(fs, metrics::ProcessSource::Current());
  auto families = collector.Collect();
  CHECK(Value(families, "process_resident_memory_bytes").value_or(0) > 1 << 20);
  CHECK(Value(families, "process_open_fds").value_or(0) >= 3);
  double start = Value(families, "process_start_time_seconds").value_or(0);
  CHECK(start > 1.6e9);
  CHECK(Value(families, "process_cpu_seconds_total").has_value());
}

}  // namespace
}  // namespace atsguard::testing
