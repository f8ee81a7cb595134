#include "bot/civic/announce.hpp"

#include "bot/civic/notify.hpp"

namespace buurtbot {
namespace {

// Enough to decide who picks it up; the whole text is in the inbox.
constexpr std::size_t kExcerptBytes = 400;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string channel_name(const std::string& channel) {
  if (channel == "telegram") return "Telegram";
  if (channel == "terminal") return "terminal";
  return channel;
}

std::string announcement(const storage::Resident& resident, storage::Id thread_id, const std::string& channel,
                         const std::string& text, ThreadEvent event, bool english) {
  const auto who = resident.display_name.empty() ? std::string(english ? "a resident" : "een bewoner")
                                                 : resident.display_name;
  const auto number = "#" + std::to_string(thread_id);
  std::string head;
  if (event == ThreadEvent::new_question) {
    head = english ? "📥 New question " + number + " from " + who : "📥 Nieuwe vraag " + number + " van " + who;
  } else {
    head = english ? "💬 New message in question " + number + " from " + who
                   : "💬 Nieuw bericht bij vraag " + number + " van " + who;
  }
  head += " (" + channel_name(channel) + "):\n";
  const auto tail = english ? "\nAnswer it in the inbox." : "\nBeantwoord het in de inbox.";
  return head + shortened(text, kExcerptBytes) + tail;
}

}  // namespace

std::string shortened(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && is_continuation_byte(text[end])) --end;
  return text.substr(0, end) + "…";
}

void announce_to_officers(storage::Database& db, const config::Config& config, const storage::Resident& resident,
                          storage::Id thread_id, const std::string& channel, const std::string& text,
                          ThreadEvent event) {
  // serve refuses to start when the channel is not enabled, so the row can always leave the outbox.
  const auto& officers_channel = config.inbox.announce_channel;
  const auto& chat = config.inbox.announce_address;
  if (officers_channel.empty() || chat.empty()) return;
  const bool english = config.locale.default_language == "en";
  Notifier(db, config).send(officers_channel, chat, announcement(resident, thread_id, channel, text, event, english),
                            kPriorityNotification);
}

}  // namespace buurtbot
