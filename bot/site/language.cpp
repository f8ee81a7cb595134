#include "bot/site/language.hpp"

#include <charconv>
#include <optional>

namespace buurtbot::site {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The q of one Accept-Language entry ("en-GB;q=0.8" → 0.8); 1 without one, 0 when it is unreadable.
double weight_of(std::string_view parameters) {
  const auto q = parameters.find("q=");
  if (q == std::string_view::npos) return 1.0;
  const auto value = trim(parameters.substr(q + 2));
  double weight = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), weight);
  return error == std::errc() ? weight : 0.0;
}

}  // namespace

flows::Lang visitor_language(std::string_view query_lang, std::string_view accept_language) {
  if (auto chosen = flows::parse_lang(query_lang)) return *chosen;
  std::optional<flows::Lang> best;
  double best_weight = 0;
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    const auto entry = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    const auto semicolon = entry.find(';');
    const auto tag = trim(entry.substr(0, semicolon));
    const auto weight = semicolon == std::string_view::npos ? 1.0 : weight_of(entry.substr(semicolon + 1));
    const auto lang = flows::parse_lang(tag);
    if (lang && weight > best_weight) best = lang, best_weight = weight;
  }
  return best.value_or(flows::Lang::nl);
}

}  // namespace buurtbot::site
