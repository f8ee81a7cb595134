#include "config/config.hpp"

#include "config/keys.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace buurtbot::config {
namespace detail {

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

void Reporter::at(const YAML::Node& node, std::string message) { at_line(line_of(node), std::move(message)); }

void Reporter::at_line(int line, std::string message) { issues_.push_back(Issue{file_, line, std::move(message)}); }

void Reporter::remember(const std::string& what, const YAML::Node& node) { lines_[what] = line_of(node); }

int Reporter::remembered_line(const std::string& what) const {
  const auto it = lines_.find(what);
  return it == lines_.end() ? 0 : it->second;
}

}  // namespace detail

namespace {

using detail::Key;
using detail::KeyTable;
using detail::Reporter;

const std::string kEnvironment = "environment";
const std::string kEmbeddedName = "built-in config/demo.yaml";

std::string join(std::string_view section, const std::string& name) {
  return section.empty() ? name : std::string(section) + "." + name;
}

std::string describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a section";
  return "'" + node.Scalar() + "'";
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

/// A close sibling first; failing that, a key with this exact name in another section (misplaced, not misspelt).
std::optional<std::string> suggestion(const KeyTable& table, std::string_view section, const std::string& name) {
  if (auto near = detail::closest(name, table.names_below(section))) return near;
  for (const Key& key : table.all()) {
    if (key.path.ends_with("." + name)) return key.path;
  }
  return std::nullopt;
}

std::string unknown_key(const KeyTable& table, std::string_view section, const std::string& name) {
  std::string message = "unknown key '" + name + "'";
  if (!section.empty()) message += " in " + std::string(section);
  if (auto near = suggestion(table, section, name)) message += " (did you mean '" + *near + "'?)";
  return message;
}

std::string refused_secret(const std::string& path) {
  return "'" + path + "' looks like a secret, and secrets never go in the config file: put it in an environment " +
         "variable and name that variable with '" + path + "_env'";
}

void read_key(const Key& key, const YAML::Node& name, const YAML::Node& value, Config& config, Reporter& report) {
  if (value.IsScalar() && key.from_text) {
    if (auto problem = key.from_text(config, value.Scalar())) report.at(name, key.path + " " + *problem);
  } else if (key.from_node && (value.IsSequence() || value.IsNull())) {
    key.from_node(config, value, report);
  } else if (value.IsNull()) {
    report.at(name, key.path + " has no value; remove the line to keep the default");
  } else {
    report.at(name, key.path + " must be " + key.expects + ", not " + describe(value));
  }
}

/// One source being read into a config against the keys of this load.
struct Reading {
  const KeyTable& table;
  Config& config;
  Reporter& report;
};

void read_section(const YAML::Node& map, std::string_view section, Reading& reading);

void read_entry(std::string_view section, const YAML::Node& name, const YAML::Node& value, Reading& reading) {
  const std::string path = join(section, name.Scalar());
  Reporter& report = reading.report;
  if (const Key* key = reading.table.find(path)) {
    read_key(*key, name, value, reading.config, report);
  } else if (reading.table.is_section(path)) {
    if (value.IsMap()) {
      read_section(value, path, reading);
    } else if (!value.IsNull()) {
      report.at(name, path + " must be a section with keys such as " + joined(reading.table.names_below(path)) +
                          ", not " + describe(value));
    }
  } else if (detail::looks_secret(name.Scalar())) {
    report.at(name, refused_secret(path));
  } else {
    report.at(name, unknown_key(reading.table, section, name.Scalar()));
  }
}

void read_section(const YAML::Node& map, std::string_view section, Reading& reading) {
  Reporter& report = reading.report;
  std::map<std::string, int> first_line;
  for (const auto& pair : map) {
    if (!pair.first.IsScalar()) {
      report.at(pair.first, "a key must be a plain name");
      continue;
    }
    const std::string path = join(section, pair.first.Scalar());
    const auto [first, fresh] = first_line.emplace(path, detail::line_of(pair.first));
    if (!fresh) {
      report.at(pair.first, path + " appears twice (first at line " + std::to_string(first->second) + ")");
      continue;
    }
    read_entry(section, pair.first, pair.second, reading);
  }
}

void read_document(const std::string& text, Reading& reading) {
  Reporter& report = reading.report;
  try {
    const YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return;  // an empty file means every default
    if (!root.IsMap()) {
      report.at(root, "a config file is a map of sections such as 'server:' and 'storage:'");
      return;
    }
    read_section(root, "", reading);
  } catch (const YAML::Exception& error) {
    report.at_line(error.mark.is_null() ? 0 : error.mark.line + 1, "YAML syntax error: " + error.msg);
  }
}

/// Asks for each key's variable rather than scanning the environment, so only known names are ever read.
void apply_environment(const KeyTable& table, Config& config, const EnvLookup& env, std::vector<Issue>& errors) {
  for (const Key& key : table.all()) {
    if (!key.from_text) continue;
    const std::string name = env_name(key.path);
    const std::optional<std::string> value = env(name);
    if (!value) continue;
    if (auto problem = key.from_text(config, *value)) errors.push_back(Issue{kEnvironment, 0, name + " " + *problem});
  }
}

/// The file's problems by line (a check that spans keys runs last but points into the file), then the environment's.
void in_reading_order(std::vector<Issue>& issues) {
  std::stable_sort(issues.begin(), issues.end(), [](const Issue& a, const Issue& b) {
    const bool a_env = a.file == kEnvironment;
    const bool b_env = b.file == kEnvironment;
    return a_env != b_env ? b_env : a.line < b.line;
  });
}

LoadResult load_text(const std::string& text, const std::string& source, const EnvLookup& env,
                     const std::vector<SectionSpec>& sections) {
  LoadResult result;
  for (const SectionSpec& section : sections) result.config.sections[section.name] = defaults_of(section);
  const KeyTable table(sections);
  Reporter report(source, result.errors);
  Reading reading{table, result.config, report};
  read_document(text, reading);
  apply_environment(table, result.config, env, result.errors);
  detail::check_across(result.config, report);
  in_reading_order(result.errors);
  return result;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    // getenv is only safe while nobody calls setenv; config is loaded once at start, before any thread runs.
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

LoadResult load_file(const std::filesystem::path& file, const EnvLookup& env,
                     const std::vector<SectionSpec>& sections) {
  LoadResult unreadable;
  std::error_code ignored;
  if (std::filesystem::is_directory(file, ignored)) {
    // An ifstream opens a directory without complaint and reads nothing, which would look like an empty config.
    unreadable.errors.push_back(Issue{file.string(), 0, "this is a folder, not a config file"});
    return unreadable;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const std::string reason = std::strerror(errno);
    unreadable.errors.push_back(Issue{file.string(), 0, "cannot read the config file: " + reason});
    return unreadable;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_text(text.str(), file.string(), env, sections);
}

LoadResult load_defaults(const EnvLookup& env, const std::vector<SectionSpec>& sections) {
  return load_text(std::string(detail::kEmbeddedDemo), kEmbeddedName, env, sections);
}

const Settings& Config::section(std::string_view name) const {
  const auto it = sections.find(std::string(name));
  if (it == sections.end()) throw std::logic_error("no config section named " + std::string(name) + " was declared");
  return it->second;
}

std::string format(const Issue& issue) {
  if (issue.line <= 0) return issue.file + ": " + issue.message;
  return issue.file + ":" + std::to_string(issue.line) + ": " + issue.message;
}

std::string env_name(const std::string& key) {
  std::string name = "BUURTBOT_" + key;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return c == '.' ? '_' : static_cast<char>(std::toupper(c));
  });
  return name;
}

std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = detail::parse_int(text.substr(0, 4), 1, 9999);
  const auto month = detail::parse_int(text.substr(5, 2), 1, 12);
  const auto day = detail::parse_int(text.substr(8, 2), 1, 31);
  if (!year || !month || !day) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date);
}

std::vector<std::chrono::sys_days> holiday_dates(const InboxConfig& inbox) {
  std::vector<std::chrono::sys_days> days;
  for (const auto& text : inbox.holidays)
    if (auto day = parse_iso_date(text)) days.push_back(*day);
  return days;
}

}  // namespace buurtbot::config
