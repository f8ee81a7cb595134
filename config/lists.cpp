// The keys whose values are lists: themes and neighbourhoods (Listed) and the workgroup seeds.

#include "config/keys.hpp"

#include "bot/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

namespace buurtbot::config::detail {
namespace {

const std::vector<std::string> kListedFields = {"key", "nl", "en"};
const std::vector<std::string> kSeedFields = {"name", "theme", "description"};

/// Keys end up in storage and in flow files, so they stay plain: lowercase, digits, '-' and '_'.
bool valid_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

const std::string kKeyRule = "may only use lowercase letters, digits, '-' and '_'";

/// "oude_haven" becomes "Oude haven": good enough for a label nobody wrote out.
std::string label_from_key(std::string_view key) {
  std::string label(key);
  std::replace(label.begin(), label.end(), '_', ' ');
  if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

Listed from_key(const std::string& key) { return Listed{key, label_from_key(key), label_from_key(key)}; }

std::string unknown_field(const std::string& name, const std::string& where, const std::vector<std::string>& fields) {
  std::string message = "unknown key '" + name + "' in " + where;
  if (auto near = closest(name, fields)) message += " (did you mean '" + *near + "'?)";
  return message;
}

/// Reads the fields of a map entry into the matching strings, reporting unknown fields and non-text values.
void read_fields(const YAML::Node& entry, const std::vector<std::string>& fields, std::vector<std::string*> targets,
                 const std::string& where, Reporter& report) {
  for (const auto& pair : entry) {
    const std::string name = pair.first.IsScalar() ? pair.first.Scalar() : "";
    const auto it = std::find(fields.begin(), fields.end(), name);
    if (it == fields.end()) {
      report.at(pair.first, unknown_field(name, where, fields));
    } else if (!pair.second.IsScalar() || pair.second.Scalar().empty()) {
      report.at(pair.first, "the " + name + " of " + where + " must be a text");
    } else {
      *targets[static_cast<std::size_t>(it - fields.begin())] = pair.second.Scalar();
    }
  }
}

std::optional<Listed> read_listed_entry(const YAML::Node& entry, const std::string& noun, Reporter& report) {
  if (entry.IsScalar()) return from_key(entry.Scalar());
  if (!entry.IsMap()) {
    report.at(entry, "a " + noun + " must be a key like 'groen' or a map like {key: groen, nl: Groen, en: Greenery}");
    return std::nullopt;
  }
  Listed item;
  read_fields(entry, kListedFields, {&item.key, &item.nl, &item.en}, "a " + noun, report);
  if (item.key.empty()) {
    report.at(entry, "a " + noun + " needs a key, for example {key: groen, nl: Groen, en: Greenery}");
    return std::nullopt;
  }
  if (item.nl.empty()) item.nl = label_from_key(item.key);
  if (item.en.empty()) item.en = item.nl;
  return item;
}

void read_listed_node(std::vector<Listed>& out, const YAML::Node& node, const std::string& noun, Reporter& report) {
  std::vector<Listed> items;
  std::map<std::string, int> first_line;
  for (const YAML::Node& entry : node) {
    std::optional<Listed> item = read_listed_entry(entry, noun, report);
    if (!item) continue;
    if (!valid_key(item->key)) {
      report.at(entry, noun + " key '" + item->key + "' " + kKeyRule +
                           "; for capitals or spaces write {key: ..., nl: ..., en: ...}");
      continue;
    }
    const auto [first, fresh] = first_line.emplace(item->key, line_of(entry));
    if (!fresh) {
      report.at(entry, noun + " '" + item->key + "' is listed twice (first at line " +
                           std::to_string(first->second) + ")");
      continue;
    }
    items.push_back(std::move(*item));
  }
  out = std::move(items);
}

/// Comma-separated keys; a key already listed keeps its labels, so an override can pick a subset.
std::optional<std::string> set_listed_text(std::vector<Listed>& out, const std::string& text, const std::string& noun) {
  std::vector<Listed> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string key = trim(std::string_view(text).substr(start, comma - start));
    start = comma + 1;
    if (key.empty()) continue;
    if (!valid_key(key)) return "has " + noun + " key '" + key + "', which " + kKeyRule;
    const auto has_key = [&](const Listed& item) { return item.key == key; };
    if (std::any_of(items.begin(), items.end(), has_key)) return "lists " + noun + " '" + key + "' twice";
    const auto known = std::find_if(out.begin(), out.end(), has_key);
    items.push_back(known == out.end() ? from_key(key) : *known);
  }
  out = std::move(items);
  return std::nullopt;
}

std::string seed_theme_origin(std::size_t index) { return "workgroups." + std::to_string(index) + ".theme"; }

std::optional<WorkgroupSeed> read_seed(const YAML::Node& entry, Reporter& report) {
  if (!entry.IsMap()) {
    report.at(entry, "a workgroup must be a map with a name, a theme and a description");
    return std::nullopt;
  }
  WorkgroupSeed seed;
  read_fields(entry, kSeedFields, {&seed.name, &seed.theme, &seed.description}, "a workgroup", report);
  if (seed.name.empty()) {
    report.at(entry, "a workgroup needs a name");
    return std::nullopt;
  }
  if (seed.theme.empty()) {
    report.at(entry, "workgroup '" + seed.name + "' needs a theme, one of municipality.themes");
    return std::nullopt;
  }
  return seed;
}

void read_seeds_node(std::vector<WorkgroupSeed>& out, const YAML::Node& node, Reporter& report) {
  std::vector<WorkgroupSeed> seeds;
  std::map<std::string, int> first_line;
  for (const YAML::Node& entry : node) {
    std::optional<WorkgroupSeed> seed = read_seed(entry, report);
    if (!seed) continue;
    const auto [first, fresh] = first_line.emplace(seed->name, line_of(entry));
    if (!fresh) {
      report.at(entry, "workgroup '" + seed->name + "' is listed twice (first at line " +
                           std::to_string(first->second) + ")");
      continue;
    }
    report.remember(seed_theme_origin(seeds.size()), entry["theme"]);
    seeds.push_back(std::move(*seed));
  }
  out = std::move(seeds);
}

}  // namespace

Key listed_key(std::string path, Field<std::vector<Listed>> at, std::string noun) {
  TextSetter from_text = [at, noun](Config& config, const std::string& text) {
    return set_listed_text(at(config), text, noun);
  };
  NodeReader from_node = [at, noun](Config& config, const YAML::Node& node, Reporter& report) {
    read_listed_node(at(config), node, noun, report);
  };
  std::string expects =
      "a list of " + noun + "s, each a key like 'groen' or a map like {key: groen, nl: Groen, en: Greenery}";
  return Key{std::move(path), std::move(expects), std::move(from_text), std::move(from_node)};
}

Key seeds_key(std::string path, Field<std::vector<WorkgroupSeed>> at) {
  NodeReader from_node = [at](Config& config, const YAML::Node& node, Reporter& report) {
    read_seeds_node(at(config), node, report);
  };
  return Key{std::move(path), "a list of workgroups, each with a name, a theme and a description", {},
             std::move(from_node)};
}

void check_across(const Config& config, Reporter& report) {
  const auto& themes = config.municipality.themes;
  std::vector<std::string> theme_keys;
  for (const Listed& theme : themes) theme_keys.push_back(theme.key);
  for (std::size_t i = 0; i < config.workgroups.size(); ++i) {
    const WorkgroupSeed& seed = config.workgroups[i];
    if (std::find(theme_keys.begin(), theme_keys.end(), seed.theme) != theme_keys.end()) continue;
    std::string message =
        "workgroup '" + seed.name + "' has theme '" + seed.theme + "', which is not in municipality.themes";
    if (auto near = closest(seed.theme, theme_keys)) message += " (did you mean '" + *near + "'?)";
    report.at_line(report.remembered_line(seed_theme_origin(i)), std::move(message));
  }
}

}  // namespace buurtbot::config::detail
