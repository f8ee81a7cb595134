#include "config/keys.hpp"

#include "bot/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

namespace buurtbot::config::detail {
namespace {

/// Reaches a field of Config through a chain of member pointers, however deep the sections nest.
template <class... Members>
auto field(Members... members) {
  return [=](Config& config) -> auto& { return (config .* ... .* members); };
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

/// A scalar key: `parse` turns text into a value (or nothing), `expects` says what a valid value is.
template <class T>
Key scalar(std::string path, Field<T> at, std::string expects,
           std::function<std::optional<T>(const std::string&)> parse) {
  TextSetter set = [at, expects, parse](Config& config, const std::string& text) -> std::optional<std::string> {
    std::optional<T> value = parse(text);
    if (!value) return "must be " + expects + ", not " + in_quotes(text);
    at(config) = std::move(*value);
    return std::nullopt;
  };
  return Key{std::move(path), std::move(expects), std::move(set), {}};
}

Key text(std::string path, Field<std::string> at) {
  return scalar<std::string>(std::move(path), std::move(at), "a text that is not empty",
                             [](const std::string& text) -> std::optional<std::string> {
                               if (text.empty()) return std::nullopt;
                               return text;
                             });
}

Key whole(std::string path, Field<int> at, int low, int high) {
  std::string expects = "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  return scalar<int>(std::move(path), std::move(at), std::move(expects),
                     [low, high](const std::string& text) { return parse_int(text, low, high); });
}

/// A text that may be left empty (an optional file path or name).
Key optional_text(std::string path, Field<std::string> at) {
  return scalar<std::string>(std::move(path), std::move(at), "a text",
                             [](const std::string& text) -> std::optional<std::string> { return text; });
}

/// True for an IPv4 or IPv6 address as a peer's address is written (no brackets, no port).
bool ip_text(std::string_view text) {
  const bool v4 = text.find_first_not_of("0123456789.") == std::string_view::npos &&
                  std::count(text.begin(), text.end(), '.') == 3;
  const bool v6 = std::count(text.begin(), text.end(), ':') >= 2 &&
                  text.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  return v4 || v6;
}

/// An IPv4 or IPv6 address as a peer's address is written (no brackets, no port), or empty.
Key ip_address(std::string path, Field<std::string> at) {
  return scalar<std::string>(std::move(path), std::move(at), "an IP address like 127.0.0.1 or ::1, or empty",
                             [](const std::string& text) -> std::optional<std::string> {
                               if (!text.empty() && !ip_text(text)) return std::nullopt;
                               return text;
                             });
}

/// A list of texts that each pass `valid`, as a YAML list or comma-separated as text (the environment);
/// an empty list is allowed. `what` names one valid entry, for the problems.
Key checked_list(std::string path, Field<std::vector<std::string>> at, std::function<bool(std::string_view)> valid,
                 std::string what, std::string expects) {
  TextSetter from_text = [at, valid, what](Config& config, const std::string& text) -> std::optional<std::string> {
    std::vector<std::string> entries;
    for (std::size_t start = 0; start <= text.size();) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      std::string entry = trim(std::string_view(text).substr(start, comma - start));
      start = comma + 1;
      if (entry.empty()) continue;
      if (!valid(entry)) return "has '" + entry + "', which is not " + what;
      entries.push_back(std::move(entry));
    }
    at(config) = std::move(entries);
    return std::nullopt;
  };
  NodeReader from_node = [at, path, valid, what](Config& config, const YAML::Node& node, Reporter& report) {
    std::vector<std::string> entries;
    for (const YAML::Node& entry : node) {
      if (entry.IsScalar() && valid(entry.Scalar())) {
        entries.push_back(entry.Scalar());
      } else {
        report.at(entry, path + " lists something that is not " + what);
      }
    }
    at(config) = std::move(entries);
  };
  return Key{std::move(path), std::move(expects), std::move(from_text), std::move(from_node)};
}

/// IP addresses as a YAML list, or comma-separated as text (the environment); an empty list is allowed.
Key ip_addresses(std::string path, Field<std::vector<std::string>> at) {
  return checked_list(std::move(path), std::move(at), ip_text, "an IP address like 127.0.0.1 or ::1",
                      "a list of IP addresses like [127.0.0.1, \"::1\"]");
}

/// Dates like 2026-12-25 (ISO 8601), as a YAML list or comma-separated as text; an empty list is allowed.
Key iso_dates(std::string path, Field<std::vector<std::string>> at) {
  return checked_list(std::move(path), std::move(at),
                      [](std::string_view text) { return parse_iso_date(text).has_value(); },
                      "a date like 2026-12-25", "a list of dates like [2026-12-25, 2026-12-26]");
}

Key flag(std::string path, Field<bool> at) {
  return scalar<bool>(std::move(path), std::move(at), "true or false",
                      [](const std::string& text) { return parse_flag(text); });
}

Key one_of(std::string path, Field<std::string> at, std::vector<std::string> allowed) {
  std::string expects;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) expects += (i + 1 == allowed.size()) ? " or " : ", ";
    expects += allowed[i];
  }
  return scalar<std::string>(std::move(path), std::move(at), std::move(expects),
                             [allowed](const std::string& text) -> std::optional<std::string> {
                               const bool known = std::find(allowed.begin(), allowed.end(), text) != allowed.end();
                               return known ? std::optional<std::string>(text) : std::nullopt;
                             });
}

bool valid_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return host.find_first_not_of("0123456789abcdefABCDEF:.", 1) == host.size() - 1;
  }
  return !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-';
  });
}

/// host:port, where port 0 asks the system for a free port (the integration tests do this).
Key host_port(std::string path, Field<std::string> at) {
  return scalar<std::string>(std::move(path), std::move(at), "host:port, for example 127.0.0.1:8080",
                             [](const std::string& text) -> std::optional<std::string> {
                               const std::size_t colon = text.rfind(':');
                               if (colon == std::string::npos) return std::nullopt;
                               const std::string_view view(text);
                               if (!valid_host(view.substr(0, colon))) return std::nullopt;
                               if (!parse_int(view.substr(colon + 1), 0, 65535)) return std::nullopt;
                               return text;
                             });
}


}  // namespace

const std::vector<Key>& keys() {
  static const std::vector<Key> kKeys = {
      host_port("server.listen", field(&Config::server, &ServerConfig::listen)),
      whole("server.threads", field(&Config::server, &ServerConfig::threads), 1, 64),
      whole("server.max_body_bytes", field(&Config::server, &ServerConfig::max_body_bytes), 1024, 64 << 20),
      whole("server.max_connections", field(&Config::server, &ServerConfig::max_connections), 1, 100000),
      whole("server.max_connections_per_address",
            field(&Config::server, &ServerConfig::max_connections_per_address), 1, 100000),
      whole("server.header_timeout_s", field(&Config::server, &ServerConfig::header_timeout_s), 1, 300),
      whole("server.idle_timeout_s", field(&Config::server, &ServerConfig::idle_timeout_s), 1, 3600),
      whole("server.max_waiting_updates", field(&Config::server, &ServerConfig::max_waiting_updates), 0, 10'000'000),
      optional_text("server.tls_cert", field(&Config::server, &ServerConfig::tls_cert)),
      optional_text("server.tls_key", field(&Config::server, &ServerConfig::tls_key)),
      ip_address("server.trusted_proxy", field(&Config::server, &ServerConfig::trusted_proxy)),
      ip_addresses("server.metrics_allow", field(&Config::server, &ServerConfig::metrics_allow)),
      text("server.metrics_token_env", field(&Config::server, &ServerConfig::metrics_token_env)),
      text("storage.path", field(&Config::storage, &StorageConfig::path)),
      whole("storage.max_journal_text_bytes", field(&Config::storage, &StorageConfig::max_journal_text_bytes), 1024,
            16 << 20),
      whole("storage.max_file_bytes", field(&Config::storage, &StorageConfig::max_file_bytes), 1024, 1 << 30),
      whole("storage.max_message_file_bytes", field(&Config::storage, &StorageConfig::max_message_file_bytes), 1024,
            1 << 30),
      one_of("locale.default", field(&Config::locale, &LocaleConfig::default_language), {"nl", "en"}),
      text("flows.dir", field(&Config::flows, &FlowsConfig::dir)),
      text("municipality.name", field(&Config::municipality, &MunicipalityConfig::name)),
      optional_text("municipality.logo_file", field(&Config::municipality, &MunicipalityConfig::logo_file)),
      optional_text("municipality.public_url", field(&Config::municipality, &MunicipalityConfig::public_url)),
      optional_text("municipality.open_data_licence",
                    field(&Config::municipality, &MunicipalityConfig::open_data_licence)),
      listed_key("municipality.themes", field(&Config::municipality, &MunicipalityConfig::themes), "theme"),
      listed_key("municipality.neighbourhoods", field(&Config::municipality, &MunicipalityConfig::neighbourhoods),
                 "neighbourhood"),
      optional_text("site.theme_css", field(&Config::site, &SiteConfig::theme_css)),
      whole("conversation.idle_minutes", field(&Config::conversation, &ConversationConfig::idle_minutes), 1, 1440),
      whole("inbox.first_response_hours", field(&Config::inbox, &InboxConfig::first_response_hours), 1, 8760),
      iso_dates("inbox.holidays", field(&Config::inbox, &InboxConfig::holidays)),
      optional_text("inbox.announce_channel", field(&Config::inbox, &InboxConfig::announce_channel)),
      optional_text("inbox.announce_address", field(&Config::inbox, &InboxConfig::announce_address)),
      whole("privacy.retention_days", field(&Config::privacy, &PrivacyConfig::retention_days), 1, 3650),
      flag("terminal.enabled", field(&Config::terminal, &TerminalConfig::enabled)),
      seeds_key("workgroups", field(&Config::workgroups)),
  };
  return kKeys;
}

namespace {

/// A declared section's key: checked like config/'s own, kept as text for the section to read back.
Key section_key(const std::string& section, const Setting& setting) {
  TextSetter set = [section, setting](Config& config, const std::string& text) -> std::optional<std::string> {
    if (!setting.accepts(text)) return "must be " + setting.expects + ", not " + in_quotes(text);
    config.sections[section].set(setting.name, text);
    return std::nullopt;
  };
  return Key{section + "." + setting.name, setting.expects, std::move(set), {}};
}

}  // namespace

std::optional<int> parse_int(std::string_view text, int low, int high) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
  return value;
}

std::optional<bool> parse_flag(std::string_view text) {
  const std::string word = lower(text);
  if (word == "true" || word == "yes" || word == "on" || word == "1") return true;
  if (word == "false" || word == "no" || word == "off" || word == "0") return false;
  return std::nullopt;
}

KeyTable::KeyTable(const std::vector<SectionSpec>& sections) : keys_(keys()) {
  for (const SectionSpec& section : sections) {
    for (const Setting& setting : section.settings) keys_.push_back(section_key(section.name, setting));
  }
}

const Key* KeyTable::find(std::string_view path) const {
  const auto it = std::find_if(keys_.begin(), keys_.end(), [&](const Key& key) { return key.path == path; });
  return it == keys_.end() ? nullptr : &*it;
}

bool KeyTable::is_section(std::string_view path) const {
  const std::string prefix = std::string(path) + ".";
  return std::any_of(keys_.begin(), keys_.end(), [&](const Key& key) { return key.path.starts_with(prefix); });
}

std::vector<std::string> KeyTable::names_below(std::string_view section) const {
  const std::string prefix = section.empty() ? "" : std::string(section) + ".";
  std::vector<std::string> names;
  for (const Key& key : keys_) {
    if (!key.path.starts_with(prefix)) continue;
    std::string name = key.path.substr(prefix.size(), key.path.find('.', prefix.size()) - prefix.size());
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  }
  return names;
}

std::optional<std::string> closest(std::string_view name, const std::vector<std::string>& candidates) {
  // Short names are close to everything, so they only get a suggestion for a single typo.
  const std::size_t allowed = name.size() <= 4 ? 1 : 2;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(lower(name), lower(candidate));
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

bool looks_secret(std::string_view name) {
  const std::string word = lower(name);
  return word.ends_with("token") || word.ends_with("secret") || word.ends_with("password");
}

}  // namespace buurtbot::config::detail
