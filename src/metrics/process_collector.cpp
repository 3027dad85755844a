#include "metrics/process_collector.h"

#include <unistd.h>

#include <cstdlib>

#include "base/strings.h"
#include "metrics/families.h"
#include "sys/proc_stat.h"

namespace atsguard::metrics {

namespace {

using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr size_t kMaxProcFileBytes = 1 << 20;

// The fields of /proc/self/stat up to rss (field 24) at least.
std::optional<std::vector<std::string>> StatFields(const std::string& text) {
  auto fields = sys::ProcStatFields(text);
  if (!fields || fields->size() < 22) return std::nullopt;
  return fields;
}

std::optional<double> Number(const std::string& text) {
  long long value = 0;
  if (!base::ParseInt64(base::Trim(text), &value)) return std::nullopt;
  return static_cast<double>(value);
}

// proc(5) field N as a number.
std::optional<double> Field(const std::vector<std::string>& fields, size_t n) {
  return Number(fields[n - 3]);
}

// "btime 1712345678" from /proc/stat.
std::optional<double> BootTime(const std::string& text) {
  for (const std::string& line : base::Split(text, '\n')) {
    if (base::StartsWith(line, "btime ")) return Number(line.substr(6));
  }
  return std::nullopt;
}

// The soft limit of "Max open files" in /proc/PID/limits.
std::optional<double> MaxOpenFiles(const std::string& text) {
  for (const std::string& line : base::Split(text, '\n')) {
    if (!base::StartsWith(line, "Max open files")) continue;
    std::vector<std::string> columns;
    for (const std::string& piece : base::Split(line.substr(14), ' ')) {
      if (!piece.empty()) columns.push_back(piece);
    }
    if (columns.empty() || columns[0] == "unlimited") return std::nullopt;
    return Number(columns[0]);
  }
  return std::nullopt;
}

void AddGauge(std::vector<MetricFamily>& out, const char* name, const char* help,
              std::optional<double> value, MetricType type = MetricType::Gauge) {
  if (!value) return;
  MetricFamily family = NewFamily(name, help, type);
  AddSample(family, *value);
  out.push_back(std::move(family));
}

}  // namespace

ProcessSource ProcessSource::Current() {
  ProcessSource source;
  source.ticks_per_second = ::sysconf(_SC_CLK_TCK);
  source.page_size = ::sysconf(_SC_PAGESIZE);
  return source;
}

ProcessCollector::ProcessCollector(const sys::FileSystem& fs, ProcessSource source)
    : fs_(fs), source_(std::move(source)) {
  auto stat = fs_.ReadFile(source_.stat_file, kMaxProcFileBytes);
  if (stat.ok()) boot_time_ = BootTime(stat.value());
  auto limits = fs_.ReadFile(source_.self_dir + "/limits", kMaxProcFileBytes);
  if (limits.ok()) max_fds_ = MaxOpenFiles(limits.value());
}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  std::vector<MetricFamily> out;
  auto stat = fs_.ReadFile(source_.self_dir + "/stat", kMaxProcFileBytes);
  std::optional<std::vector<std::string>> fields;
  if (stat.ok()) fields = StatFields(stat.value());
  if (fields) {
    const auto ticks = static_cast<double>(source_.ticks_per_second);
    std::optional<double> utime = Field(*fields, 14);
    std::optional<double> stime = Field(*fields, 15);
    std::optional<double> cpu;
    if (utime && stime) cpu = (*utime + *stime) / ticks;
    AddGauge(out, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
             cpu, MetricType::Counter);
    std::optional<double> rss = Field(*fields, 24);
    if (rss) *rss *= static_cast<double>(source_.page_size);
    AddGauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", rss);
    AddGauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
             Field(*fields, 23));
    std::optional<double> start = Field(*fields, 22);
    if (start && boot_time_) {
      AddGauge(out, "process_start_time_seconds",
               "Start time of the process since unix epoch in seconds.",
               *boot_time_ + *start / ticks);
    }
  }
  auto fds = fs_.ListDir(source_.self_dir + "/fd");
  if (fds.ok()) {
    AddGauge(out, "process_open_fds", "Number of open file descriptors.",
             static_cast<double>(fds->size()));
  }
  AddGauge(out, "process_max_fds", "Maximum number of open file descriptors.", max_fds_);
  return out;
}

}  // namespace atsguard::metrics
