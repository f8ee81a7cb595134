#include "flows/choice.hpp"

#include "bot/text/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace buurtbot::flows {
namespace {

// Words that join items in a typed list ("geld en advies", "money and advice").
constexpr std::array<std::string_view, 2> kJoinWords{"en", "and"};
constexpr std::string_view kListSeparators = ",;/&+";

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() < 6 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool names_option(const ShownOption& option, const std::string& word) {
  if (simplify(option.key) == word || simplify(option.label) == word) return true;
  return option.def && (simplify(option.def->label.nl) == word || simplify(option.def->label.en) == word);
}

// The labels an option is known by, simplified: as shown, and in both languages when written in a file.
std::vector<std::string> labels_of(const ShownOption& option) {
  std::vector<std::string> labels{simplify(option.label)};
  if (option.def) {
    labels.push_back(simplify(option.def->label.nl));
    labels.push_back(simplify(option.def->label.en));
  }
  return labels;
}

// The one option of which `word` is a part starting at a word of its label ("intrekken" for "Plan
// intrekken", "groen centrum" for "Groen Centrum (Groen)"); nothing when no option or several have it.
std::optional<std::size_t> unique_part(const std::vector<ShownOption>& options, const std::string& word) {
  if (code_points(word) < 3) return std::nullopt;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const auto labels = labels_of(options[i]);
    const bool has_part = std::any_of(labels.begin(), labels.end(), [&](const std::string& label) {
      for (auto at = label.find(word); at != std::string::npos; at = label.find(word, at + 1))
        if (at == 0 || !std::isalnum(static_cast<unsigned char>(label[at - 1]))) return true;
      return false;
    });
    if (!has_part) continue;
    if (found) return std::nullopt;
    found = i;
  }
  return found;
}

// The one option whose label `word` misses by a typo: one edit up to 8 characters, two beyond
// ("toestemmnig"). Short words get none, since "geef" is no typo of "geld". A tie is no answer.
std::optional<std::size_t> near_miss(const std::vector<ShownOption>& options, const std::string& word) {
  const std::size_t length = code_points(word);
  const std::size_t allowed = length < 5 ? 0 : length <= 8 ? 1 : 2;
  std::optional<std::size_t> best;
  std::size_t best_distance = allowed + 1;
  bool tie = false;
  for (std::size_t i = 0; i < options.size(); ++i) {
    for (const auto& label : labels_of(options[i])) {
      const std::size_t d = edit_distance(word, label);
      if (d < best_distance) {
        best = i;
        best_distance = d;
        tie = false;
      } else if (d == best_distance && best != i) {
        tie = true;
      }
    }
  }
  return tie ? std::nullopt : best;
}

// The option one typed item names: its number, key or label, or with `loose` a unique part of a
// label or a typo of one. Nothing when it names none.
std::optional<std::size_t> match_one(const std::vector<ShownOption>& options, std::string_view item, bool loose) {
  const auto word = simplify(item);
  if (word.empty()) return std::nullopt;
  if (all_digits(word)) {
    const auto number = std::stoul(word);
    if (number >= 1 && number <= options.size()) return number - 1;
    return std::nullopt;
  }
  for (std::size_t i = 0; i < options.size(); ++i)
    if (names_option(options[i], word)) return i;
  if (!loose) return std::nullopt;
  if (auto part = unique_part(options, word)) return part;
  return near_miss(options, word);
}

std::vector<std::string> split_on(std::string_view text, auto is_separator) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (is_separator(c)) {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  std::erase_if(parts, [](const std::string& p) { return simplify(p).empty(); });
  return parts;
}

// Every option a typed list names, or nothing when an item names none. A part that is not a
// label as a whole ("1 3", "geld en advies") is read word by word.
std::optional<std::vector<std::size_t>> match_list(const std::vector<ShownOption>& options, std::string_view text) {
  std::vector<std::size_t> found;
  for (const auto& part : split_on(text, [](char c) { return kListSeparators.find(c) != std::string_view::npos; })) {
    if (auto one = match_one(options, part, true)) {
      found.push_back(*one);
      continue;
    }
    for (const auto& word : split_on(part, [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; })) {
      if (std::find(kJoinWords.begin(), kJoinWords.end(), simplify(word)) != kJoinWords.end()) continue;
      auto one = match_one(options, word, true);
      if (!one) return std::nullopt;
      found.push_back(*one);
    }
  }
  if (found.empty()) return std::nullopt;
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

Picked failure(std::string error, const std::vector<ShownOption>& options) {
  return Picked{false, {}, std::move(error), {{"count", std::to_string(options.size())}}};
}

Picked by_button(const std::vector<ShownOption>& options, const std::string& key) {
  auto it = std::find_if(options.begin(), options.end(), [&](const ShownOption& o) { return o.key == key; });
  if (it == options.end()) return failure("choice_invalid", options);
  return Picked{true, {static_cast<std::size_t>(it - options.begin())}, {}, {}};
}

Picked checked_exclusive(const std::vector<ShownOption>& options, std::vector<std::size_t> indices) {
  for (auto index : indices) {
    if (indices.size() > 1 && options[index].def && options[index].def->exclusive) {
      auto picked = failure("choice_exclusive", options);
      picked.vars["label"] = options[index].label;
      return picked;
    }
  }
  return Picked{true, std::move(indices), {}, {}};
}

}  // namespace

std::vector<ShownOption> shown_options(const Step& step, const Facts& facts, Lang lang,
                                       const std::map<std::string, std::string>& values, const std::string& words) {
  std::vector<ShownOption> shown;
  if (!step.options_from.empty())
    for (auto& choice : facts.options(step.options_from, lang, words, values))
      shown.push_back({choice.key, choice.label, nullptr, std::move(choice.facts)});
  for (const auto& option : step.options) {
    if (!holds(option.when, values)) continue;
    shown.push_back({option.key, option.label.in(lang), &option});
  }
  return shown;
}

bool holds(const Condition& condition, const std::map<std::string, std::string>& values) {
  const auto it = values.find(condition.field);
  return it != values.end() && list_contains(it->second, condition.contains);
}

bool holds(const Conditions& conditions, const std::map<std::string, std::string>& values) {
  return std::all_of(conditions.begin(), conditions.end(), [&](const auto& c) { return holds(c, values); });
}

std::vector<Choice> as_choices(const std::vector<ShownOption>& options) {
  std::vector<Choice> choices;
  for (const auto& option : options) choices.push_back({option.key, option.label});
  return choices;
}

Picked pick(const std::vector<ShownOption>& options, const Input& input, bool multiple, bool loose) {
  if (!input.choice.empty()) return by_button(options, input.choice);
  if (auto one = match_one(options, input.text, loose)) return Picked{true, {*one}, {}, {}};
  if (!loose && !multiple) return failure("choice_invalid", options);
  auto list = match_list(options, input.text);
  if (!multiple) return failure(list && list->size() > 1 ? "choice_one_only" : "choice_invalid", options);
  if (!list) return failure("choice_invalid_multiple", options);
  return checked_exclusive(options, std::move(*list));
}

}  // namespace buurtbot::flows
