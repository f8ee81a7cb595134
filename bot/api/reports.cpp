// Reports for the municipality: a summary of a period in JSON, and its initiatives as a spreadsheet.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/http/csv.hpp"
#include "storage/reports.hpp"

#include <chrono>
#include <cstdio>

namespace buurtbot::api {
namespace {

const std::vector<std::string> kCsvHeader{"reference", "title",     "theme",     "neighbourhood",
                                          "status",    "supports", "followers", "created_at"};

// A calendar date written YYYY-MM-DD, and nothing else.
bool is_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  const std::chrono::year_month_day day{std::chrono::year(std::stoi(text.substr(0, 4))),
                                        std::chrono::month(static_cast<unsigned>(std::stoi(text.substr(5, 2)))),
                                        std::chrono::day(static_cast<unsigned>(std::stoi(text.substr(8, 2))))};
  return day.ok();
}

Result<std::optional<std::string>> date_in(const std::map<std::string, std::string>& query, const std::string& name) {
  const auto text = query_value(query, name);
  if (text.empty()) return std::optional<std::string>();
  if (!is_date(text)) return ApiError{400, name + " must be a date written YYYY-MM-DD"};
  return std::optional<std::string>(text);
}

// The from/to of the query; the dates sort as text, so comparing them compares the days.
Result<storage::DateRange> range_of(const Call& call) {
  auto query = parse_query(call.request.query, {"from", "to"});
  if (!query.ok()) return query.error();
  auto from = date_in(query.value(), "from");
  if (!from.ok()) return from.error();
  auto to = date_in(query.value(), "to");
  if (!to.ok()) return to.error();
  storage::DateRange range{from.value(), to.value()};
  if (range.from && range.to && *range.from > *range.to) return ApiError{400, "from must not be after to"};
  return range;
}

std::string csv_of(const std::vector<storage::Initiative>& initiatives) {
  std::string csv = http::csv_record(kCsvHeader);
  for (const auto& i : initiatives) {
    csv += http::csv_record({i.ref, i.title, i.theme, i.neighbourhood, i.status, std::to_string(i.supports),
                       std::to_string(i.followers), i.created_at});
  }
  return csv;
}

std::string filename_of(const storage::DateRange& range) {
  std::string name = "initiatives";
  if (range.from) name += "-from-" + *range.from;
  if (range.to) name += "-to-" + *range.to;
  return name + ".csv";
}

}  // namespace

http::Response report_summary(Call& call) {
  auto range = range_of(call);
  if (!range.ok()) return error_response(range.error());
  const auto report = storage::Reports(call.db).summary(range.value());
  return json_response(200, report_json(range.value(), report));
}

http::Response report_initiatives_csv(Call& call) {
  auto range = range_of(call);
  if (!range.ok()) return error_response(range.error());
  return csv_response(csv_of(storage::Reports(call.db).initiatives(range.value())), filename_of(range.value()));
}

}  // namespace buurtbot::api
