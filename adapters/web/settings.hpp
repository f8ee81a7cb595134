#pragma once
// The web chat's config section (`webchat:`): declared here, read and checked by config/ like every
// other key, and read back into a plain struct for the channel.

#include "config/config.hpp"

namespace buurtbot::adapters::web {

/// What one session, one client address and the whole chat may cost.
struct LimitSettings {
  int posts_per_minute = 20;               ///< messages one session may post per minute
  int posts_per_minute_per_address = 60;   ///< messages one client address may post per minute, all its sessions together
  int new_sessions_per_hour_per_address = 30;  ///< sessions one client address may open per hour
  int streams = 500;                       ///< open event streams at once, all sessions together
  int streams_per_session = 4;             ///< open event streams of one session (tabs, devices)
  int max_body_bytes = 8192;               ///< a larger post is refused with 413
  /// A larger photo is refused with 413 before it is read: the photo route's own body limit, in place of
  /// the server's (server.max_body_bytes).
  int max_photo_bytes = 1 << 20;
};

/// Whether the chat is served at /chat/, how long a session lasts, and its limits.
struct WebChatSettings {
  bool enabled = false;
  int session_days = 30;         ///< a session ends this many days after the resident's last message
  int resume_code_minutes = 10;  ///< how long a resume code for another device works
  int keepalive_s = 20;          ///< an open event stream gets a comment after this many quiet seconds
  LimitSettings limits;
};

/// The `webchat:` section's keys with the defaults above, for config loading.
config::SectionSpec settings_section();

/// The section as loaded into `config`.
WebChatSettings settings_of(const config::Config& config);

}  // namespace buurtbot::adapters::web
