// Figures for the municipality's reports.

#include "storage/reports.hpp"

#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

// ?1 and ?2 are the first and last day or NULL. Timestamps are ISO 8601 text, so a day's text sorts
// before every moment of that day, and "before the next day" takes in the whole last day.
#define BUURTBOT_IN_RANGE(column) \
  "(?1 IS NULL OR " column " >= ?1) AND (?2 IS NULL OR " column " < date(?2, '+1 day'))"

constexpr std::string_view kInitiativesByStatus =
    "SELECT status, COUNT(*) FROM initiatives WHERE " BUURTBOT_IN_RANGE("created_at") " GROUP BY status";
constexpr std::string_view kInitiativesByTheme =
    "SELECT theme, COUNT(*) FROM initiatives WHERE " BUURTBOT_IN_RANGE("created_at") " GROUP BY theme";
constexpr std::string_view kInitiativesByNeighbourhood =
    "SELECT neighbourhood, COUNT(*) FROM initiatives WHERE " BUURTBOT_IN_RANGE("created_at") " GROUP BY neighbourhood";
constexpr std::string_view kSupports = "SELECT COUNT(*) FROM supports WHERE " BUURTBOT_IN_RANGE("created_at");
constexpr std::string_view kQuestionsByChannel =
    "SELECT channel, COUNT(*) FROM inbox_threads WHERE " BUURTBOT_IN_RANGE("created_at") " GROUP BY channel";
constexpr std::string_view kFirstResponseSeconds =
    "SELECT CAST(ROUND((julianday(first_response_at) - julianday(created_at)) * 86400) AS INTEGER) AS s "
    "FROM inbox_threads WHERE first_response_at IS NOT NULL AND " BUURTBOT_IN_RANGE("created_at") " ORDER BY s";
constexpr std::string_view kResolutionSeconds =
    "SELECT CAST(ROUND((julianday(resolved_at) - julianday(created_at)) * 86400) AS INTEGER) AS s "
    "FROM inbox_threads WHERE resolved_at IS NOT NULL AND " BUURTBOT_IN_RANGE("created_at") " ORDER BY s";
constexpr std::string_view kInitiatives =
    "SELECT i.ref, i.title, i.theme, i.neighbourhood, i.status, "
    "(SELECT COUNT(*) FROM supports s WHERE s.initiative_id = i.id), "
    "(SELECT COUNT(*) FROM follows f WHERE f.initiative_id = i.id), i.created_at "
    "FROM initiatives i WHERE " BUURTBOT_IN_RANGE("i.created_at") " ORDER BY i.created_at, i.id";

#undef BUURTBOT_IN_RANGE

Statement& bind_range(Statement& statement, const DateRange& range) {
  return statement.bind(1, range.from).bind(2, range.to);
}

std::int64_t total_of(const Tally& tally) {
  std::int64_t total = 0;
  for (const auto& [key, n] : tally) total += n;
  return total;
}

Initiative read_listed_initiative(const Statement& row) {
  Initiative initiative;
  initiative.ref = row.text_at(0);
  initiative.title = row.text_at(1);
  initiative.theme = row.text_at(2);
  initiative.neighbourhood = row.text_at(3);
  initiative.status = row.text_at(4);
  initiative.supports = row.int_at(5);
  initiative.followers = row.int_at(6);
  initiative.created_at = row.text_at(7);
  return initiative;
}

}  // namespace

ReportSummary Reports::summary(const DateRange& range) {
  ReportSummary report;
  report.initiatives_by_status = tally(kInitiativesByStatus, range);
  report.initiatives_by_theme = tally(kInitiativesByTheme, range);
  report.initiatives_by_neighbourhood = tally(kInitiativesByNeighbourhood, range);
  report.initiatives = total_of(report.initiatives_by_status);
  report.supports = count(kSupports, range);
  report.questions_by_channel = tally(kQuestionsByChannel, range);
  report.questions = total_of(report.questions_by_channel);
  report.median_first_response_seconds = median(kFirstResponseSeconds, range);
  report.median_resolution_seconds = median(kResolutionSeconds, range);
  return report;
}

std::vector<Initiative> Reports::initiatives(const DateRange& range) {
  auto rows = db_.prepare(kInitiatives);
  bind_range(rows, range);
  return read_all(rows, read_listed_initiative);
}

Tally Reports::tally(std::string_view sql, const DateRange& range) {
  auto rows = db_.prepare(sql);
  bind_range(rows, range);
  Tally result;
  while (rows.step()) result[rows.text_at(0)] = rows.int_at(1);
  return result;
}

std::int64_t Reports::count(std::string_view sql, const DateRange& range) {
  auto row = db_.prepare(sql);
  bind_range(row, range);
  return row.step() ? row.int_at(0) : 0;
}

// The middle of the sorted durations; with an even number, the mean of the two middle ones, rounded down.
std::optional<std::int64_t> Reports::median(std::string_view sql, const DateRange& range) {
  auto rows = db_.prepare(sql);
  bind_range(rows, range);
  const auto seconds = read_all(rows, [](const Statement& row) { return row.int_at(0); });
  if (seconds.empty()) return std::nullopt;
  const auto middle = seconds.size() / 2;
  if (seconds.size() % 2 == 1) return seconds[middle];
  return (seconds[middle - 1] + seconds[middle]) / 2;
}

}  // namespace buurtbot::storage
