#pragma once
// The configuration of one buurtbot instance: plain structs with defaults, read once at start from a
// YAML file and BUURTBOT_* environment variables, then passed around by const&. Every key lives in one
// table (config/keys.cpp) that drives the YAML reader, unknown-key detection and the environment.

#include <filesystem>
#include "config/section.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  /// Client addresses that may read /metrics without a token (behind trusted_proxy: the forwarded one).
  std::vector<std::string> metrics_allow{"127.0.0.1", "::1"};
  /// The environment variable holding a bearer token that reads /metrics from any address.
  std::string metrics_token_env = "BUURTBOT_METRICS_TOKEN";

  bool operator==(const ServerConfig&) const = default;
};

/// Where the SQLite database lives, and how much of a message it keeps.
struct StorageConfig {
  std::string path = "data/buurtbot.db";
  /// The journal keeps at most this much of a message's text (cut between two characters, and marked):
  /// the longest answer a flow step accepts, in bytes, and a margin; no more of a megabyte that is refused.
  int max_journal_text_bytes = 16384;
  /// The largest file whose bytes buurtbot keeps (a mail's part, a web chat upload); a larger one is named
  /// with its message, not kept, and the officers see why.
  int max_file_bytes = 10 << 20;
  /// The bytes of all files of one message together kept at most; the files past it are named, not kept.
  int max_message_file_bytes = 25 << 20;

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
  std::string logo_file;  ///< PNG, SVG or JPEG for the officers' page header; empty: none
  std::string open_data_licence = "CC0 1.0";  ///< the licence line of /plannen/plannen.json
  std::string public_url;  ///< where everyone reaches /plannen/ ("https://bot.gemeente.nl"); empty: news carries no link
  std::vector<Listed> themes;
  std::vector<Listed> neighbourhoods;

  bool operator==(const MunicipalityConfig&) const = default;
};

/// The public pages and the web chat: how they look.
struct SiteConfig {
  /// A CSS file of the municipality's design tokens, read at start and served after the NL Design System's
  /// neutral theme so that its values win; empty: the neutral theme alone.
  std::string theme_css;

  bool operator==(const SiteConfig&) const = default;
};

/// How long a conversation may stay idle before it expires politely.
struct ConversationConfig {
  int idle_minutes = 30;

  bool operator==(const ConversationConfig&) const = default;
};

/// The officers' inbox: when an unanswered question counts as overdue, and where new questions are announced.
struct InboxConfig {
  /// Hours, counted on working days only, that a question may wait for its first answer: the deadline stored
  /// with each thread and promised to the resident as ceil(hours / 24) working days.
  int first_response_hours = 72;
  /// Dates (2026-12-25) that are no working days, besides Saturdays and Sundays.
  std::vector<std::string> holidays;
  /// The chat told about new questions and messages, as a channel ("telegram") and an address on it
  /// (a Telegram group's chat id); empty: none.
  std::string announce_channel;
  std::string announce_address;

  bool operator==(const InboxConfig&) const = default;
};

/// How long personal content is kept where nobody needs it any more.
struct PrivacyConfig {
  /// Days after which handled journal rows and sent outbox rows are emptied of their message.
  int retention_days = 30;

  bool operator==(const PrivacyConfig&) const = default;
};

/// Whether the local terminal chat (`buurtbot chat`) is available.
struct TerminalConfig {
  bool enabled = true;

  bool operator==(const TerminalConfig&) const = default;
};

/// Everything one instance is configured with; the defaults are a working local setup.
struct Config {
  ServerConfig server;
  StorageConfig storage;
  LocaleConfig locale;
  FlowsConfig flows;
  MunicipalityConfig municipality;
  SiteConfig site;
  ConversationConfig conversation;
  InboxConfig inbox;
  PrivacyConfig privacy;
  TerminalConfig terminal;
  std::vector<WorkgroupSeed> workgroups;
  /// The sections declared outside config/ (each channel's own), by name.
  std::map<std::string, Settings> sections;

  /// A declared section; throws std::logic_error when none by that name was declared at load.
  const Settings& section(std::string_view name) const;

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
/// `sections` are the sections declared outside config/ (the channels'), read like config/'s own.
LoadResult load_file(const std::filesystem::path& file, const EnvLookup& env,
                     const std::vector<SectionSpec>& sections = {});

/// Loads the embedded default (the demo config, config/demo.yaml), then applies environment overrides.
LoadResult load_defaults(const EnvLookup& env, const std::vector<SectionSpec>& sections = {});

/// Renders an issue as "file:line: message", or "file: message" when it has no line.
std::string format(const Issue& issue);

/// A date written as ISO 8601 ("2026-12-25"), or nothing when it is not a real date in that form.
std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text);

/// The inbox's holidays as days (the config holds only valid dates, so none is dropped).
std::vector<std::chrono::sys_days> holiday_dates(const InboxConfig& inbox);

/// The environment variable that overrides a dotted key: "server.listen" gives "BUURTBOT_SERVER_LISTEN".
std::string env_name(const std::string& key);

}  // namespace buurtbot::config
