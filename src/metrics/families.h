#pragma once

#include <prometheus/metric_family.h>

#include <chrono>
#include <string>
#include <vector>

// Small helpers for building prometheus-cpp families by hand, as the collectors do at
// scrape time. Internal to src/metrics.
namespace atsguard::metrics {

using Label = prometheus::ClientMetric::Label;

prometheus::MetricFamily NewFamily(std::string name, std::string help, prometheus::MetricType type);

// Appends one sample; the value goes to the field the family's type reads.
void AddSample(prometheus::MetricFamily& family, double value, std::vector<Label> labels = {});

// Seconds since the Unix epoch, the unit of every *_timestamp_seconds family.
double UnixSeconds(std::chrono::system_clock::time_point time);

// Moves `family` into `out` unless it has no sample: an empty family says nothing and only
// lengthens the scrape.
void AppendIfSampled(std::vector<prometheus::MetricFamily>& out, prometheus::MetricFamily family);

}  // namespace atsguard::metrics
