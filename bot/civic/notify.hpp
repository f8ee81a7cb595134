#pragma once
// Notifications that follow a domain change: written as outbox rows in the change's own transaction.

#include "config/config.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot {

/// Outbox priorities: a live conversation goes before notifications, notifications before broadcasts.
inline constexpr int kPriorityReply = 0;
inline constexpr int kPriorityNotification = 1;
inline constexpr int kPriorityBroadcast = 2;

/// Queues the messages that tell people about initiatives; call it inside the change's transaction.
class Notifier final {
 public:
  Notifier(storage::Database& db, const config::Config& config) : db_(db), config_(config) {}

  /// A new initiative: the group chats of the workgroups of its theme.
  void new_initiative(const storage::Initiative& initiative);

  /// A status change: the submitter and followers privately (except `skip`, who caused it), and the
  /// theme's workgroup chats.
  void status_changed(const storage::Initiative& initiative, std::string_view answer,
                      std::optional<storage::Id> skip = std::nullopt);

  /// Queues one text to a conversation.
  void send(const std::string& channel, const std::string& address, const std::string& text, int priority);

 private:
  void to_resident(storage::Id resident_id, const std::string& nl, const std::string& en);
  void to_theme_groups(const std::string& theme, const std::string& text);

  storage::Database& db_;
  const config::Config& config_;
};

/// The label of a theme or neighbourhood key in `language`, or the key itself when unknown.
std::string theme_label(const config::Config& config, std::string_view key, std::string_view language);
std::string neighbourhood_label(const config::Config& config, std::string_view key, std::string_view language);

}  // namespace buurtbot
