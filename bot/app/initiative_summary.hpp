#pragma once
// `initiative show` for a person at a terminal: the officers' API view of one plan, as lines to read.

#include <nlohmann/json.hpp>

#include <string>

namespace buurtbot {

/// The plan of `initiative_detail_json` as a readable summary; other people's words made terminal-safe.
std::string initiative_summary(const nlohmann::json& detail);

}  // namespace buurtbot
