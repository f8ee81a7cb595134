#include "config/section.hpp"

#include "config/keys.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace buurtbot::config {

Setting flag_setting(std::string name, bool fallback) {
  return {std::move(name), fallback ? "true" : "false", "true or false",
          [](const std::string& text) { return detail::parse_flag(text).has_value(); }};
}

Setting whole_setting(std::string name, int fallback, int low, int high) {
  return {std::move(name), std::to_string(fallback),
          "a whole number from " + std::to_string(low) + " to " + std::to_string(high),
          [low, high](const std::string& text) { return detail::parse_int(text, low, high).has_value(); }};
}

Setting text_setting(std::string name, std::string fallback) {
  return {std::move(name), std::move(fallback), "a text that is not empty",
          [](const std::string& text) { return !text.empty(); }};
}

Setting optional_text_setting(std::string name, std::string fallback) {
  return {std::move(name), std::move(fallback), "a text", [](const std::string&) { return true; }};
}

Setting one_of_setting(std::string name, std::string fallback, std::vector<std::string> allowed) {
  std::string expects;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) expects += (i + 1 == allowed.size()) ? " or " : ", ";
    expects += allowed[i];
  }
  return {std::move(name), std::move(fallback), std::move(expects), [allowed](const std::string& text) {
            return std::find(allowed.begin(), allowed.end(), text) != allowed.end();
          }};
}

const std::string& Settings::text(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("no setting named " + std::string(name) + " was declared");
  return it->second;
}

bool Settings::flag(std::string_view name) const { return detail::parse_flag(text(name)).value_or(false); }

int Settings::whole(std::string_view name) const {
  return detail::parse_int(text(name), std::numeric_limits<int>::min(), std::numeric_limits<int>::max()).value_or(0);
}

Settings defaults_of(const SectionSpec& spec) {
  Settings settings;
  for (const Setting& setting : spec.settings) settings.set(setting.name, setting.fallback);
  return settings;
}

}  // namespace buurtbot::config
