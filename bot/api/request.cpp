#include "bot/api/request.hpp"

#include "bot/text/text.hpp"

#include <boost/url/params_view.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

namespace buurtbot::api {
namespace {

// Long enough for any answer an officer writes, short enough that one request cannot fill the outbox.
constexpr std::size_t kMaxTextBytes = 10000;

ApiError bad_request(std::string message) { return ApiError{400, std::move(message)}; }

const FieldRule* rule_for(std::initializer_list<FieldRule> rules, std::string_view name) {
  const auto it = std::find_if(rules.begin(), rules.end(), [&](const FieldRule& rule) { return rule.name == name; });
  return it == rules.end() ? nullptr : it;
}

bool fits(const nlohmann::json& value, FieldType type) {
  switch (type) {
    case FieldType::text:
      return value.is_string();
    case FieldType::text_or_null:
      return value.is_string() || value.is_null();
    case FieldType::boolean:
      return value.is_boolean();
    case FieldType::whole_number:
      // Above 2^63 - 1 nlohmann reads an id back wrapped around (2^64 - 1 as -1).
      return value.is_number_integer() &&
             (!value.is_number_unsigned() || std::in_range<std::int64_t>(value.get<std::uint64_t>()));
  }
  return false;
}

std::string type_name(FieldType type) {
  switch (type) {
    case FieldType::text:
      return "a string";
    case FieldType::text_or_null:
      return "a string or null";
    case FieldType::boolean:
      return "true or false";
    case FieldType::whole_number:
      return "a whole number";
  }
  return "something else";
}



}  // namespace

Result<nlohmann::json> parse_body(const std::string& body, std::initializer_list<FieldRule> rules) {
  auto object = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return bad_request("the body is not valid JSON");
  if (!object.is_object()) return bad_request("the body must be a JSON object");
  for (const auto& [name, value] : object.items()) {
    const FieldRule* rule = rule_for(rules, name);
    if (!rule) return bad_request("unknown field '" + name + "'");
    if (!fits(value, rule->type)) return bad_request("field '" + name + "' must be " + type_name(rule->type));
  }
  for (const auto& rule : rules) {
    if (rule.required && !object.contains(rule.name))
      return bad_request("field '" + std::string(rule.name) + "' is required");
  }
  return object;
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

Result<std::string> bounded_text(const nlohmann::json& object, std::string_view field, std::size_t max_chars) {
  const auto it = object.find(field);
  const std::string text = it == object.end() || !it->is_string() ? "" : it->get<std::string>();
  if (is_blank(text)) return bad_request("field '" + std::string(field) + "' must not be empty");
  if (code_points(text) > max_chars)
    return bad_request("field '" + std::string(field) + "' is longer than " + std::to_string(max_chars) +
                       " characters");
  return text;
}

Result<std::string> line_text(const nlohmann::json& object, std::string_view field, std::size_t max_chars) {
  auto text = bounded_text(object, field, max_chars);
  if (text.ok() && has_control_characters(text.value()))
    return bad_request("field '" + std::string(field) + "' must be one line without control characters");
  return text;
}

Result<std::string> message_text(const nlohmann::json& object, std::string_view field) {
  const auto it = object.find(field);
  const std::string text = it == object.end() || !it->is_string() ? "" : it->get<std::string>();
  if (is_blank(text))
    return bad_request("field '" + std::string(field) + "' must not be empty");
  if (text.size() > kMaxTextBytes)
    return bad_request("field '" + std::string(field) + "' is longer than " + std::to_string(kMaxTextBytes) + " bytes");
  return text;
}

Result<std::map<std::string, std::string>> parse_query(const std::string& query,
                                                       std::initializer_list<std::string_view> allowed) {
  std::map<std::string, std::string> values;
  if (query.empty()) return values;
  try {
    for (const auto& param : boost::urls::params_view(query, boost::urls::encoding_opts(/*space_as_plus=*/true))) {
      if (std::find(allowed.begin(), allowed.end(), param.key) == allowed.end())
        return bad_request("unknown query parameter '" + param.key + "'");
      if (!values.emplace(param.key, param.value).second)
        return bad_request("query parameter '" + param.key + "' is given more than once");
    }
  } catch (const std::exception&) {
    return bad_request("the query string is malformed");
  }
  return values;
}

std::string query_value(const std::map<std::string, std::string>& query, const std::string& name) {
  const auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

Result<int> query_number(const std::map<std::string, std::string>& query, const std::string& name, int low, int high,
                         int fallback) {
  const auto text = query_value(query, name);
  if (text.empty()) return fallback;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < low || value > high)
    return bad_request(name + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
  return value;
}

Result<std::optional<bool>> query_flag(const std::map<std::string, std::string>& query, const std::string& name) {
  const auto text = query_value(query, name);
  if (text.empty()) return std::optional<bool>();
  if (text == "true" || text == "1") return std::optional<bool>(true);
  if (text == "false" || text == "0") return std::optional<bool>(false);
  return bad_request(name + " must be true or false");
}

std::optional<storage::Id> parse_id(std::string_view text) {
  storage::Id id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace buurtbot::api
