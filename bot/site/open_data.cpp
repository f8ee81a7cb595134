#include "bot/site/open_data.hpp"

#include "bot/http/csv.hpp"

#include <nlohmann/json.hpp>

namespace buurtbot::site {

std::string plans_json(const std::vector<storage::Initiative>& plans, const std::string& licence) {
  auto list = nlohmann::json::array();
  for (const auto& plan : plans) {
    list.push_back({{"ref", plan.ref},
                    {"title", plan.title},
                    {"description", plan.description},
                    {"status", plan.status},
                    {"theme", plan.theme},
                    {"neighbourhood", plan.neighbourhood},
                    {"supports", plan.supports},
                    {"followers", plan.followers},
                    {"submitted_at", plan.created_at},
                    {"updated_at", plan.updated_at},
                    {"url", "/plannen/" + plan.ref}});
  }
  // Replacing invalid UTF-8 keeps one bad title from making the whole file unreadable.
  return nlohmann::json{{"licence", licence}, {"plans", list}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string plans_csv(const std::vector<storage::Initiative>& plans) {
  std::string csv = http::csv_record({"ref", "title", "description", "status", "theme", "neighbourhood", "supports",
                                     "followers", "submitted_at", "updated_at", "url"});
  for (const auto& plan : plans) {
    csv += http::csv_record({plan.ref, plan.title, plan.description, plan.status, plan.theme, plan.neighbourhood,
                            std::to_string(plan.supports), std::to_string(plan.followers), plan.created_at,
                            plan.updated_at, "/plannen/" + plan.ref});
  }
  return csv;
}

}  // namespace buurtbot::site
