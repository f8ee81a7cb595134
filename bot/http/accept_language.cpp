#include "bot/http/accept_language.hpp"

#include "bot/text/text.hpp"

#include <algorithm>
#include <charconv>

namespace buurtbot::http {
namespace {

struct Wish {
  std::string tag;
  double weight;
};

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

std::vector<std::string> accepted_languages(std::string_view accept_language) {
  std::vector<Wish> wishes;
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    const auto entry = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    const auto semicolon = entry.find(';');
    auto tag = trim(entry.substr(0, semicolon));
    const auto weight = semicolon == std::string_view::npos ? 1.0 : weight_of(entry.substr(semicolon + 1));
    if (!tag.empty() && weight > 0) wishes.push_back({std::move(tag), weight});
  }
  // Stable: of two equal weights the one named first is wanted more.
  std::stable_sort(wishes.begin(), wishes.end(), [](const Wish& a, const Wish& b) { return a.weight > b.weight; });
  std::vector<std::string> tags;
  for (auto& wish : wishes) tags.push_back(std::move(wish.tag));
  return tags;
}

}  // namespace buurtbot::http
