#include "bot/http/metrics.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <exception>
#include <string_view>
#include <utility>

namespace buurtbot::http {
namespace {

bool valid_name(std::string_view name, bool colon_allowed) {
  auto head = [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_allowed && c == ':');
  };
  auto tail = [&](char c) { return head(c) || (c >= '0' && c <= '9'); };
  return !name.empty() && head(name.front()) && std::all_of(name.begin() + 1, name.end(), tail);
}

[[maybe_unused]] bool valid_labels(const Labels& labels) {
  return std::all_of(labels.begin(), labels.end(),
                     [](const auto& label) { return valid_name(label.first, false) && label.first != "le"; });
}

// Prometheus spells the special values its own way; everything else in the shortest exact form.
std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[32];
  auto [end, error] = std::to_chars(std::begin(text), std::end(text), value);
  assert(error == std::errc{});
  return std::string(text, end);
}

void append_escaped(std::string& out, std::string_view text, bool quote_too) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote_too && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// `name{a="1",b="2"}`, with `le` last for histogram buckets.
std::string series(std::string_view name, const Labels& labels, const std::string* le = nullptr) {
  std::string out(name);
  if (labels.empty() && le == nullptr) return out;
  out += '{';
  const char* separator = "";
  for (const auto& [label, value] : labels) {
    out += std::exchange(separator, ",");
    out += label;
    out += "=\"";
    append_escaped(out, value, true);
    out += '"';
  }
  if (le != nullptr) out += std::string(separator) + "le=\"" + *le + '"';
  out += '}';
  return out;
}

// A gauge is our own code, but one that throws must not take /metrics down with it.
double read_gauge(const std::function<double()>& read) {
  try {
    return read();
  } catch (const std::exception&) {
    return std::nan("");
  }
}

}  // namespace

void Metrics::describe(const std::string& name, std::string help) {
  assert(valid_name(name, true));
  std::lock_guard lock(mutex_);
  help_[name] = std::move(help);
}

void Metrics::increment(const std::string& name, const Labels& labels, double by) {
  assert(by >= 0 && valid_labels(labels));
  std::lock_guard lock(mutex_);
  family(name, Kind::kCounter).counters[labels] += by;
}

void Metrics::gauge(const std::string& name, std::function<double()> read, const Labels& labels) {
  assert(read && valid_labels(labels));
  std::lock_guard lock(mutex_);
  family(name, Kind::kGauge).gauges[labels] = std::move(read);
}

void Metrics::histogram(const std::string& name, std::vector<double> buckets) {
  assert(std::is_sorted(buckets.begin(), buckets.end()));
  std::lock_guard lock(mutex_);
  auto& histogram = family(name, Kind::kHistogram);
  assert(histogram.histograms.empty());
  histogram.bounds = std::move(buckets);
}

void Metrics::observe(const std::string& name, double value, const Labels& labels) {
  assert(valid_labels(labels));
  std::lock_guard lock(mutex_);
  auto& histogram = family(name, Kind::kHistogram);
  auto& one = histogram.histograms[labels];
  if (one.counts.empty()) one.counts.assign(histogram.bounds.size() + 1, 0);
  auto bucket = std::lower_bound(histogram.bounds.begin(), histogram.bounds.end(), value) - histogram.bounds.begin();
  ++one.counts[static_cast<std::size_t>(bucket)];
  one.sum += value;
  ++one.count;
}

Metrics::Family& Metrics::family(const std::string& name, Kind kind) {
  assert(valid_name(name, true));
  auto [it, created] = families_.try_emplace(name);
  if (created) {
    it->second.kind = kind;
    if (kind == Kind::kHistogram) it->second.bounds = kDefaultBuckets;
  }
  assert(it->second.kind == kind && "one metric name, one type");
  return it->second;
}

std::string Metrics::render() const {
  // Copy under the lock and format without it: gauge callbacks may take their own locks (or ours).
  std::map<std::string, Family> families;
  std::map<std::string, std::string> help;
  {
    std::lock_guard lock(mutex_);
    families = families_;
    help = help_;
  }
  std::string out;
  for (const auto& [name, family] : families) {
    if (auto it = help.find(name); it != help.end()) {
      out += "# HELP " + name + ' ';
      append_escaped(out, it->second, false);
      out += '\n';
    }
    render_family(out, name, family);
  }
  return out;
}

void Metrics::render_family(std::string& out, const std::string& name, const Family& family) {
  switch (family.kind) {
    case Kind::kCounter:
      out += "# TYPE " + name + " counter\n";
      for (const auto& [labels, value] : family.counters) out += series(name, labels) + ' ' + number(value) + '\n';
      return;
    case Kind::kGauge:
      out += "# TYPE " + name + " gauge\n";
      for (const auto& [labels, read] : family.gauges) {
        out += series(name, labels) + ' ' + number(read_gauge(read)) + '\n';
      }
      return;
    case Kind::kHistogram:
      out += "# TYPE " + name + " histogram\n";
      for (const auto& [labels, histogram] : family.histograms) {
        render_histogram(out, name, labels, family.bounds, histogram);
      }
      return;
  }
}

void Metrics::render_histogram(std::string& out, const std::string& name, const Labels& labels,
                               const std::vector<double>& bounds, const Histogram& histogram) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
    cumulative += histogram.counts[i];
    std::string le = i < bounds.size() ? number(bounds[i]) : "+Inf";
    out += series(name + "_bucket", labels, &le) + ' ' + std::to_string(cumulative) + '\n';
  }
  out += series(name + "_sum", labels) + ' ' + number(histogram.sum) + '\n';
  out += series(name + "_count", labels) + ' ' + std::to_string(histogram.count) + '\n';
}

}  // namespace buurtbot::http
