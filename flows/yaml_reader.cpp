#include "flows/yaml_reader.hpp"

#include "flows/text.hpp"

#include <algorithm>

namespace buurtbot::flows {
namespace {

bool is_text(const YAML::Node& node) { return node.IsScalar(); }

}  // namespace

YAML::Node YamlReader::child(const YAML::Node& map, std::string_view key) {
  // yaml-cpp answers a missing key with a "zombie" node that throws when asked its type.
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node value = map[std::string(key)];
  return value.IsDefined() ? value : YAML::Node(YAML::NodeType::Undefined);
}

void YamlReader::error(const YAML::Node& at, const std::string& message) {
  errors_.push_back({file_, at.IsDefined() ? line_of(at) : 0, context_ + message});
}

void YamlReader::error(const YAML::Mark& at, const std::string& message) {
  errors_.push_back({file_, at.is_null() ? 0 : at.line + 1, context_ + message});
}

bool YamlReader::check_keys(const YAML::Node& map, const std::vector<std::string_view>& allowed,
                            const std::string& what) {
  if (!map.IsMap()) {
    error(map, what + " must be a list of keys and values");
    return false;
  }
  for (auto it = map.begin(); it != map.end(); ++it) {
    const auto key = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) error(it->first, "unknown key '" + key + "'");
  }
  return true;
}

YAML::Node YamlReader::key_of(const YAML::Node& map, std::string_view key) const {
  if (map.IsMap())
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.Scalar() == key) return it->first;
  return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> YamlReader::string(const YAML::Node& map, std::string_view key, bool required) {
  const auto value = child(map, key);
  if (!value.IsDefined() || value.IsNull()) {
    if (required) error(map, concat({"missing '", key, "'"}));
    return std::nullopt;
  }
  if (!is_text(value)) {
    error(value, concat({"'", key, "' must be a single text"}));
    return std::nullopt;
  }
  return trim(value.Scalar());
}

bool YamlReader::boolean(const YAML::Node& map, std::string_view key, bool fallback) {
  const auto value = child(map, key);
  if (!value.IsDefined()) return fallback;
  bool result = fallback;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result))
    error(value, concat({"'", key, "' must be true or false"}));
  return result;
}

std::optional<long long> YamlReader::integer(const YAML::Node& map, std::string_view key) {
  const auto value = child(map, key);
  if (!value.IsDefined()) return std::nullopt;
  long long result = 0;
  if (!value.IsScalar() || !YAML::convert<long long>::decode(value, result)) {
    error(value, concat({"'", key, "' must be a whole number"}));
    return std::nullopt;
  }
  return result;
}

Text YamlReader::text(const YAML::Node& map, std::string_view key, bool required) {
  const auto value = child(map, key);
  const auto key_node = key_of(map, key);
  if (!value.IsDefined()) {
    if (required) error(map, concat({"missing '", key, "' (a text with nl and en)"}));
    return {};
  }
  if (!value.IsMap()) {
    error(key_node, concat({"'", key, "' must have a Dutch (nl) and an English (en) text"}));
    return {};
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    const auto lang = it->first.Scalar();
    if (lang != "nl" && lang != "en") error(it->first, "unknown key '" + lang + "' (a text has nl and en)");
  }
  Text result = inline_text(value);
  if (result.nl.empty()) error(key_node, "missing Dutch text (nl)");
  if (result.en.empty()) error(key_node, "missing English text (en)");
  return result;
}

Text YamlReader::inline_text(const YAML::Node& map) {
  Text result;
  if (auto nl = child(map, "nl"); nl.IsScalar()) result.nl = trim(nl.Scalar());
  if (auto en = child(map, "en"); en.IsScalar()) result.en = trim(en.Scalar());
  return result;
}

std::vector<std::pair<std::string, int>> YamlReader::strings(const YAML::Node& map, std::string_view key) {
  std::vector<std::pair<std::string, int>> result;
  const auto value = child(map, key);
  if (!value.IsDefined() || value.IsNull()) return result;
  if (!value.IsSequence()) {
    error(value, concat({"'", key, "' must be a list, like [initiatief, initiative]"}));
    return result;
  }
  for (const auto& item : value) {
    if (item.IsScalar()) {
      result.emplace_back(item.Scalar(), line_of(item));
    } else {
      error(item, concat({"each of '", key, "' must be a single word"}));
    }
  }
  return result;
}

}  // namespace buurtbot::flows
