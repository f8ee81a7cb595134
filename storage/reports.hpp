#pragma once
// Figures for the municipality's reports: initiatives, supports and questions counted by when they
// were created, and how fast officers answered.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::storage {

/// Days to count, both inclusive, as YYYY-MM-DD; an absent end leaves that side open.
struct DateRange {
  std::optional<std::string> from;
  std::optional<std::string> to;
};

/// How many rows fall under each value of one column.
using Tally = std::map<std::string, std::int64_t>;

/// The figures of one date range.
struct ReportSummary {
  std::int64_t initiatives = 0;
  Tally initiatives_by_status;
  Tally initiatives_by_theme;
  Tally initiatives_by_neighbourhood;
  std::int64_t supports = 0;
  std::int64_t questions = 0;
  Tally questions_by_channel;
  std::optional<std::int64_t> median_first_response_seconds;  ///< empty when no question was answered
  std::optional<std::int64_t> median_resolution_seconds;      ///< empty when no question was resolved
};

/// Reports over the whole database.
class Reports final {
 public:
  explicit Reports(Database& db) : db_(db) {}

  /// The figures of the rows created within `range`.
  ReportSummary summary(const DateRange& range);
  /// The initiatives created within `range`, oldest first, with supports and followers counted.
  std::vector<Initiative> initiatives(const DateRange& range);

 private:
  Tally tally(std::string_view sql, const DateRange& range);
  std::int64_t count(std::string_view sql, const DateRange& range);
  std::optional<std::int64_t> median(std::string_view sql, const DateRange& range);

  Database& db_;
};

}  // namespace buurtbot::storage
