#pragma once
// Notifications that follow a domain change: written as outbox rows in the change's own transaction.

#include "bot/core/message.hpp"
#include "config/config.hpp"
#include "flows/definition.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace buurtbot {

/// Outbox priorities: a live conversation goes before notifications, notifications before broadcasts.
inline constexpr int kPriorityReply = 0;
inline constexpr int kPriorityNotification = 1;
inline constexpr int kPriorityBroadcast = 2;

/// An officer's words with a status change, in Dutch, in English, or both.
struct OfficialAnswer {
  std::string nl;  ///< Dutch, or the only language the officer wrote
  std::string en;

  bool empty() const { return nl.empty() && en.empty(); }
  /// The words for a reader of `language`: theirs when the officer wrote them, else the other ones.
  const std::string& in(std::string_view language) const;
};

/// The answer a status change in the history carries.
OfficialAnswer answer_of(const storage::StatusChange& change);

/// Queues one text to a conversation; call it inside the transaction that caused it. `thread` is the
/// channel's thread to answer in (InboundMessage::thread); empty: a message of its own. `list` names
/// the news it is for its reader (OutboundMessage::list); empty for answers.
void enqueue_text(storage::Database& db, const std::string& channel, const std::string& address, const std::string& text,
                  int priority, const std::string& thread = {}, const std::string& list = {});

/// Queues one message as it is; call it inside the transaction that caused it.
void enqueue_message(storage::Database& db, const std::string& channel, const std::string& address,
                     const OutboundMessage& message, int priority);

/// News about plan `ref` for a reader, from `list` (OutboundMessage::list), about the plan.
OutboundMessage news_about(const std::string& text, const std::string& ref, const std::string& list);

/// The news lists a reader can stop (OutboundMessage::list).
std::string follow_list(const std::string& initiative_ref);
std::string workgroup_list(storage::Id workgroup_id);
inline constexpr std::string_view kAllUpdatesList = "all";

/// The flows' language for a resident's language code: English for "en", Dutch otherwise.
flows::Lang lang_of(std::string_view language);

/// The channel as residents call it ("Telegram", "e-mail"), from the message files; the bare name when unlisted.
std::string channel_label(const flows::FlowSet& texts, const std::string& channel, flows::Lang lang);

/// Queues the messages that tell people about initiatives, in the words of the message files (`texts`);
/// call it inside the change's transaction.
class Notifier final {
 public:
  Notifier(storage::Database& db, const config::Config& config, const flows::FlowSet& texts)
      : db_(db), config_(config), texts_(texts) {}

  /// A new initiative: the group chats of the workgroups of its theme.
  void new_initiative(const storage::Initiative& initiative);

  /// A status change: the submitter and followers privately (except `skip`, who caused it), each with
  /// the answer in their language, and the theme's workgroup chats in the default language.
  void status_changed(const storage::Initiative& initiative, const OfficialAnswer& answer,
                      std::optional<storage::Id> skip = std::nullopt);

 private:
  /// Where a message went, so one address hears of one change once.
  using Told = std::set<std::pair<std::string, std::string>>;

  void to_resident(storage::Id resident_id, const std::string& nl, const std::string& en, const std::string& ref,
                   const std::string& list, Told& told);
  std::string public_page_line(const storage::Initiative& i, flows::Lang lang) const;
  std::string status_text(std::string_view key, const storage::Initiative& i, const OfficialAnswer& answer,
                          flows::Lang lang) const;
  void to_theme_groups(const storage::Initiative& i, const std::string& text, Told& told);

  storage::Database& db_;
  const config::Config& config_;
  const flows::FlowSet& texts_;
};

/// The label of a theme or neighbourhood key in `language`, or the key itself when unknown.
std::string theme_label(const config::Config& config, std::string_view key, std::string_view language);
std::string neighbourhood_label(const config::Config& config, std::string_view key, std::string_view language);

/// The officer's words under a status: "Vraag van de gemeente: …" while the plan waits for its
/// submitter, else "Antwoord van de gemeente: …"; empty without words.
std::string official_words(const flows::FlowSet& texts, const storage::Initiative& i, std::string_view answer,
                           flows::Lang lang);

}  // namespace buurtbot
