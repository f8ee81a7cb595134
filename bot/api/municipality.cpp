// What the municipality configured that the page shows: its name and the labels of themes and neighbourhoods.

#include "bot/api/endpoints.hpp"
#include "bot/api/response.hpp"

#include <nlohmann/json.hpp>

namespace buurtbot::api {
namespace {

nlohmann::json listed_json(const std::vector<config::Listed>& list) {
  auto out = nlohmann::json::array();
  for (const auto& item : list) out.push_back({{"key", item.key}, {"nl", item.nl}, {"en", item.en}});
  return out;
}

}  // namespace

http::Response show_municipality(Call& call) {
  const auto& municipality = call.context.config.municipality;
  return json_response(200, {{"name", municipality.name},
                             {"themes", listed_json(municipality.themes)},
                             {"neighbourhoods", listed_json(municipality.neighbourhoods)}});
}

}  // namespace buurtbot::api
