#pragma once
// The published plans as open data: the same fields in JSON and CSV, documented in the README.

#include "bot/site/pages.hpp"

#include <string>
#include <vector>

namespace buurtbot::site {

/// {"licence": …, "plans": [{ref, title, description, status, theme, neighbourhood, supports, followers,
/// submitted_at, updated_at, url}]}; labels in Dutch, keys as in the config.
std::string plans_json(const std::vector<storage::Initiative>& plans, const std::string& licence);

/// The same fields as CSV (RFC 4180, safe to open in a spreadsheet), with a header line.
std::string plans_csv(const std::vector<storage::Initiative>& plans);

}  // namespace buurtbot::site
