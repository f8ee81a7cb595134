#pragma once
// Helpers shared by the files of storage/; nothing outside storage/ includes this.

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::storage {

/// The logger registered as "storage" by the application, or, until it is, one with the same name that
/// writes to the default logger's sinks. It is never registered here, so the application's set-up keeps
/// control of the registry.
std::shared_ptr<spdlog::logger> logger();

/// Joins a shared SELECT with the clause that completes it.
inline std::string concat(std::string_view select, std::string_view rest) {
  std::string sql(select);
  sql += rest;
  return sql;
}

/// A LIKE pattern (with ESCAPE '\\') that finds `text` anywhere, with LIKE's own wildcards in it taken literally.
inline std::string contains_pattern(const std::string& text) {
  if (text.empty()) return {};
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

/// Every row of a stepped statement, each turned into a value by `read`.
template <typename Rows, typename Read>
auto read_all(Rows& rows, Read read) {
  std::vector<decltype(read(rows))> result;
  while (rows.step()) result.push_back(read(rows));
  return result;
}

}  // namespace buurtbot::storage
