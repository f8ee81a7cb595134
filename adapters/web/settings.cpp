#include "adapters/web/settings.hpp"

namespace buurtbot::adapters::web {

config::SectionSpec settings_section() {
  const WebChatSettings d;
  return {"webchat",
          {
              config::flag_setting("enabled", d.enabled),
              config::whole_setting("session_days", d.session_days, 1, 365),
              config::whole_setting("resume_code_minutes", d.resume_code_minutes, 1, 60),
              config::whole_setting("keepalive_s", d.keepalive_s, 1, 300),
              config::whole_setting("limits.posts_per_minute", d.limits.posts_per_minute, 1, 10000),
              config::whole_setting("limits.posts_per_minute_per_address", d.limits.posts_per_minute_per_address, 1, 100000),
              config::whole_setting("limits.new_sessions_per_hour_per_address", d.limits.new_sessions_per_hour_per_address, 1, 100000),
              config::whole_setting("limits.streams", d.limits.streams, 1, 100000),
              config::whole_setting("limits.streams_per_session", d.limits.streams_per_session, 1, 100),
              config::whole_setting("limits.max_body_bytes", d.limits.max_body_bytes, 256, 1048576),
              config::whole_setting("limits.max_photo_bytes", d.limits.max_photo_bytes, 1024, 64 << 20),
          }};
}

WebChatSettings settings_of(const config::Config& config) {
  const config::Settings& s = config.section("webchat");
  return {.enabled = s.flag("enabled"),
          .session_days = s.whole("session_days"),
          .resume_code_minutes = s.whole("resume_code_minutes"),
          .keepalive_s = s.whole("keepalive_s"),
          .limits = {.posts_per_minute = s.whole("limits.posts_per_minute"),
                     .posts_per_minute_per_address = s.whole("limits.posts_per_minute_per_address"),
                     .new_sessions_per_hour_per_address = s.whole("limits.new_sessions_per_hour_per_address"),
                     .streams = s.whole("limits.streams"),
                     .streams_per_session = s.whole("limits.streams_per_session"),
                     .max_body_bytes = s.whole("limits.max_body_bytes"),
                     .max_photo_bytes = s.whole("limits.max_photo_bytes")}};
}

}  // namespace buurtbot::adapters::web
