#include "config/keys.hpp"

#include "bot/core/text.hpp"

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

std::optional<int> parse_int(std::string_view text, int low, int high) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
  return value;
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

/// An IPv4 or IPv6 address as a peer's address is written (no brackets, no port), or empty.
Key ip_address(std::string path, Field<std::string> at) {
  return scalar<std::string>(std::move(path), std::move(at), "an IP address like 127.0.0.1 or ::1, or empty",
                             [](const std::string& text) -> std::optional<std::string> {
                               const bool v4 = text.find_first_not_of("0123456789.") == std::string::npos &&
                                               std::count(text.begin(), text.end(), '.') == 3;
                               const bool v6 = std::count(text.begin(), text.end(), ':') >= 2 &&
                                               text.find_first_not_of("0123456789abcdefABCDEF:.") == std::string::npos;
                               if (!text.empty() && !v4 && !v6) return std::nullopt;
                               return text;
                             });
}

Key flag(std::string path, Field<bool> at) {
  return scalar<bool>(std::move(path), std::move(at), "true or false",
                      [](const std::string& text) -> std::optional<bool> {
                        const std::string word = lower(text);
                        if (word == "true" || word == "yes" || word == "on" || word == "1") return true;
                        if (word == "false" || word == "no" || word == "off" || word == "0") return false;
                        return std::nullopt;
                      });
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

/// Edit distance counting a swap of two neighbours as one edit, the commonest typo.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
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
      text("storage.path", field(&Config::storage, &StorageConfig::path)),
      one_of("locale.default", field(&Config::locale, &LocaleConfig::default_language), {"nl", "en"}),
      text("flows.dir", field(&Config::flows, &FlowsConfig::dir)),
      text("municipality.name", field(&Config::municipality, &MunicipalityConfig::name)),
      listed_key("municipality.themes", field(&Config::municipality, &MunicipalityConfig::themes), "theme"),
      listed_key("municipality.neighbourhoods", field(&Config::municipality, &MunicipalityConfig::neighbourhoods),
                 "neighbourhood"),
      whole("conversation.idle_minutes", field(&Config::conversation, &ConversationConfig::idle_minutes), 1, 1440),
      whole("inbox.first_response_hours", field(&Config::inbox, &InboxConfig::first_response_hours), 1, 8760),
      optional_text("inbox.announce_channel", field(&Config::inbox, &InboxConfig::announce_channel)),
      optional_text("inbox.announce_address", field(&Config::inbox, &InboxConfig::announce_address)),
      flag("terminal.enabled", field(&Config::terminal, &TerminalConfig::enabled)),
      flag("telegram.enabled", field(&Config::telegram, &TelegramConfig::enabled)),
      one_of("telegram.mode", field(&Config::telegram, &TelegramConfig::mode), {"webhook", "polling"}),
      text("telegram.api_url", field(&Config::telegram, &TelegramConfig::api_url)),
      text("telegram.token_env", field(&Config::telegram, &TelegramConfig::token_env)),
      text("telegram.secret_env", field(&Config::telegram, &TelegramConfig::secret_env)),
      optional_text("telegram.bot_username", field(&Config::telegram, &TelegramConfig::bot_username)),
      whole("telegram.poll_timeout_s", field(&Config::telegram, &TelegramConfig::poll_timeout_s), 0, 50),
      whole("telegram.api_timeout_s", field(&Config::telegram, &TelegramConfig::api_timeout_s), 1, 300),
      whole("telegram.senders", field(&Config::telegram, &TelegramConfig::senders), 1, 64),
      whole("telegram.rate.global_per_s", field(&Config::telegram, &TelegramConfig::rate, &TelegramRateConfig::global_per_s),
            0, 100000),
      whole("telegram.rate.chat_per_s", field(&Config::telegram, &TelegramConfig::rate, &TelegramRateConfig::chat_per_s),
            0, 100000),
      whole("telegram.rate.group_per_min",
            field(&Config::telegram, &TelegramConfig::rate, &TelegramRateConfig::group_per_min), 0, 100000),
      seeds_key("workgroups", field(&Config::workgroups)),
  };
  return kKeys;
}

const Key* find_key(std::string_view path) {
  const auto& all = keys();
  const auto it = std::find_if(all.begin(), all.end(), [&](const Key& key) { return key.path == path; });
  return it == all.end() ? nullptr : &*it;
}

bool is_section(std::string_view path) {
  const std::string prefix = std::string(path) + ".";
  return std::any_of(keys().begin(), keys().end(), [&](const Key& key) { return key.path.starts_with(prefix); });
}

std::vector<std::string> names_below(std::string_view section) {
  const std::string prefix = section.empty() ? "" : std::string(section) + ".";
  std::vector<std::string> names;
  for (const Key& key : keys()) {
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
    const std::size_t d = distance(lower(name), lower(candidate));
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
