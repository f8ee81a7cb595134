#pragma once
// Reading what an officer sent: JSON bodies checked field by field, query parameters, and path
// parts. Anything unexpected is refused with 400 rather than ignored, so a typo never goes unnoticed.

#include "bot/api/result.hpp"
#include "storage/records.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::api {

/// What a body field may hold.
enum class FieldType { text, text_or_null, boolean, whole_number };

/// One field a body may have.
struct FieldRule {
  std::string_view name;
  FieldType type = FieldType::text;
  bool required = false;
};

/// The body as a JSON object holding only fields of `rules`, each of its type and the required ones
/// present; 400 otherwise.
Result<nlohmann::json> parse_body(const std::string& body, std::initializer_list<FieldRule> rules);

/// The text of a message or note in `field`: not blank, and not longer than a channel can carry.
Result<std::string> message_text(const nlohmann::json& object, std::string_view field);

/// The text in `field`, not blank and at most `max_chars` characters (UTF-8 code points) long.
Result<std::string> bounded_text(const nlohmann::json& object, std::string_view field, std::size_t max_chars);

/// A name or title in `field`: as bounded_text, and one line without control characters, because it is
/// shown in lists, headings and terminals.
Result<std::string> line_text(const nlohmann::json& object, std::string_view field, std::size_t max_chars);

/// True when `text` holds nothing but white space.
bool is_blank(const std::string& text);

/// The query's parameters, percent-decoded ('+' is a space); 400 for a name not in `allowed`, a name
/// given twice, or a malformed query.
Result<std::map<std::string, std::string>> parse_query(const std::string& query,
                                                       std::initializer_list<std::string_view> allowed);

/// The value of `name`, or "" when it is absent.
std::string query_value(const std::map<std::string, std::string>& query, const std::string& name);

/// A whole number from `low` to `high` given in the query, `fallback` when absent; 400 otherwise.
Result<int> query_number(const std::map<std::string, std::string>& query, const std::string& name, int low, int high,
                         int fallback);

/// "true"/"1" or "false"/"0" given in the query, nothing when absent; 400 otherwise.
Result<std::optional<bool>> query_flag(const std::map<std::string, std::string>& query, const std::string& name);

/// A path part that is a thread or row id (a positive number), or nothing.
std::optional<storage::Id> parse_id(std::string_view text);

}  // namespace buurtbot::api
