#pragma once
// A small Prometheus registry (counters, scrape-time gauges, fixed-bucket histograms) rendered in the
// text exposition format for /metrics. It knows nothing of HTTP, so any component can record into it.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace buurtbot::http {

/// Label names to values of one series; a map, so the same labels in any order name the same series.
using Labels = std::map<std::string, std::string>;

/// The upper bounds, in seconds, of a histogram that was not declared with its own (Prometheus' defaults).
inline const std::vector<double> kDefaultBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

/// Counters, gauges and histograms for /metrics; every member may be called from any thread.
class Metrics final {
 public:
  /// The content type to serve render() with.
  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

  /// Sets the HELP text of `name`, shown by render().
  void describe(const std::string& name, std::string help);

  /// Adds `by` (zero or more) to the counter `name` with `labels`, which starts at zero.
  void increment(const std::string& name, const Labels& labels = {}, double by = 1);

  /// Registers a gauge that `read` measures at each render(); registering the same series again replaces it.
  void gauge(const std::string& name, std::function<double()> read, const Labels& labels = {});

  /// Declares the histogram `name` with ascending upper bounds (+Inf is implied), before its first observe().
  void histogram(const std::string& name, std::vector<double> buckets);

  /// Records `value` in the histogram `name` with `labels`; kDefaultBuckets unless declared otherwise.
  void observe(const std::string& name, double value, const Labels& labels = {});

  /// Every metric in the text exposition format (version 0.0.4), sorted by name and then by labels.
  std::string render() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };

  struct Histogram {
    std::vector<std::uint64_t> counts;  ///< per bucket, not cumulative; the last one is +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };

  struct Family {
    Kind kind = Kind::kCounter;
    std::vector<double> bounds;  ///< histograms only
    std::map<Labels, double> counters;
    std::map<Labels, std::function<double()>> gauges;
    std::map<Labels, Histogram> histograms;
  };

  Family& family(const std::string& name, Kind kind);  // requires mutex_
  static void render_family(std::string& out, const std::string& name, const Family& family);
  static void render_histogram(std::string& out, const std::string& name, const Labels& labels,
                               const std::vector<double>& bounds, const Histogram& histogram);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::map<std::string, std::string> help_;
};

}  // namespace buurtbot::http
