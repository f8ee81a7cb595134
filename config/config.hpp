#pragma once
// The configuration of one buurtbot instance: plain structs with defaults, read once at start from a
// YAML file and BUURTBOT_* environment variables, then passed around by const&. Every key lives in one
// table (config/keys.cpp) that drives the YAML reader, unknown-key detection and the environment.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::config {

/// A theme or a neighbourhood: a stable key for storage and flows, and its label in Dutch and English.
struct Listed {
  std::string key;
  std::string nl;
  std::string en;

  bool operator==(const Listed&) const = default;
};

/// A workgroup created at start when it is missing, so a fresh instance has living workgroups.
struct WorkgroupSeed {
  std::string name;
  std::string theme;  ///< the key of one of municipality.themes
  std::string description;

  bool operator==(const WorkgroupSeed&) const = default;
};

/// Where the HTTP server listens and how many threads run the io_context.
struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  int threads = 2;
  int max_body_bytes = 1 << 20;  ///< larger request bodies get 413
  /// With this many open, a new connection closes the one that has waited longest for its next
  /// request, or is closed at once when none waits.
  int max_connections = 1024;
  /// One client address's connections beyond this are closed at once; trusted_proxy is exempt.
  int max_connections_per_address = 64;
  int header_timeout_s = 10;     ///< a client that takes longer to send its headers is cut off
  int idle_timeout_s = 60;       ///< a kept-alive connection waiting longer for its next request is closed
  /// Journal rows waiting to be handled above which webhooks are answered 503 (the channel redelivers
  /// later), so the backlog and the reply delay stay bounded; 0: no limit.
  int max_waiting_updates = 5000;
  std::string tls_cert;          ///< PEM file; TLS is on when both cert and key are set
  std::string tls_key;
  /// The address of a reverse proxy in front of buurtbot (nginx on the same machine: 127.0.0.1). Its
  /// X-Forwarded-For and X-Forwarded-Proto are believed; nobody else's are. Empty: no proxy.
  std::string trusted_proxy;

  bool operator==(const ServerConfig&) const = default;
};

/// Where the SQLite database lives.
struct StorageConfig {
  std::string path = "data/buurtbot.db";

  bool operator==(const StorageConfig&) const = default;
};

/// The language used when a channel does not tell us the resident's language.
struct LocaleConfig {
  std::string default_language = "nl";  ///< YAML key locale.default: "nl" or "en"

  bool operator==(const LocaleConfig&) const = default;
};

/// Where the flow files are read from.
struct FlowsConfig {
  std::string dir = "flows";

  bool operator==(const FlowsConfig&) const = default;
};

/// The municipality's name and the themes and neighbourhoods residents choose from.
struct MunicipalityConfig {
  std::string name = "Gemeente Voorbeeld";
  std::vector<Listed> themes;
  std::vector<Listed> neighbourhoods;

  bool operator==(const MunicipalityConfig&) const = default;
};

/// How long a conversation may stay idle before it expires politely.
struct ConversationConfig {
  int idle_minutes = 30;

  bool operator==(const ConversationConfig&) const = default;
};

/// The officers' inbox: when an unanswered question counts as overdue, and where new questions are announced.
struct InboxConfig {
  int first_response_hours = 72;  ///< a thread without a first answer this long after it opened is overdue
  /// The chat told about new questions and messages, as a channel ("telegram") and an address on it
  /// (a Telegram group's chat id); empty: none.
  std::string announce_channel;
  std::string announce_address;

  bool operator==(const InboxConfig&) const = default;
};

/// Whether the local terminal chat (`buurtbot chat`) is available.
struct TerminalConfig {
  bool enabled = true;

  bool operator==(const TerminalConfig&) const = default;
};

/// Telegram's limits on sending, which the outbox keeps to.
struct TelegramRateConfig {
  int global_per_s = 30;
  int chat_per_s = 1;
  int group_per_min = 20;

  bool operator==(const TelegramRateConfig&) const = default;
};

/// The Telegram channel: webhook or long polling, and where the secrets are.
struct TelegramConfig {
  bool enabled = false;
  std::string mode = "webhook";  ///< "webhook" or "polling"
  std::string api_url = "https://api.telegram.org";
  std::string token_env = "BUURTBOT_TELEGRAM_TOKEN";
  std::string secret_env = "BUURTBOT_TELEGRAM_SECRET";
  std::string bot_username;
  int poll_timeout_s = 30;  ///< long-poll timeout of getUpdates
  int api_timeout_s = 30;   ///< how long a send waits for the Bot API's answer before it counts as failed
  int senders = 8;          ///< sends in flight at once, each to another chat: a round trip no longer caps the rate
  TelegramRateConfig rate;

  bool operator==(const TelegramConfig&) const = default;
};

/// Everything one instance is configured with; the defaults are a working local setup.
struct Config {
  ServerConfig server;
  StorageConfig storage;
  LocaleConfig locale;
  FlowsConfig flows;
  MunicipalityConfig municipality;
  ConversationConfig conversation;
  InboxConfig inbox;
  TerminalConfig terminal;
  TelegramConfig telegram;
  std::vector<WorkgroupSeed> workgroups;

  bool operator==(const Config&) const = default;
};

/// One problem found while loading: the file (or "environment"), its 1-based line (0 = none) and what is wrong.
struct Issue {
  std::string file;
  int line = 0;
  std::string message;

  bool operator==(const Issue&) const = default;
};

/// Looks up one environment variable by name; injected so tests never touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// An EnvLookup that reads the real process environment (getenv).
EnvLookup process_environment();

/// A loaded config and every problem found; the config holds defaults wherever a value was rejected.
struct LoadResult {
  Config config;
  std::vector<Issue> errors;

  /// True when nothing was wrong, so the config can be used.
  bool ok() const { return errors.empty(); }
};

/// Reads a YAML config file, then applies BUURTBOT_* environment overrides, collecting every error.
LoadResult load_file(const std::filesystem::path& file, const EnvLookup& env);

/// Loads the embedded default (the demo config, config/demo.yaml), then applies environment overrides.
LoadResult load_defaults(const EnvLookup& env);

/// Renders an issue as "file:line: message", or "file: message" when it has no line.
std::string format(const Issue& issue);

/// The environment variable that overrides a dotted key: "server.listen" gives "BUURTBOT_SERVER_LISTEN".
std::string env_name(const std::string& key);

}  // namespace buurtbot::config
