#include "bot/civic/announce.hpp"

#include "bot/civic/notify.hpp"

namespace buurtbot {
namespace {

// Enough to decide who picks it up; the whole text is in the inbox.
constexpr std::size_t kExcerptBytes = 400;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string announcement(const flows::FlowSet& texts, const storage::Resident& resident, storage::Id thread_id,
                         const std::string& channel, const std::string& text, ThreadEvent event, flows::Lang lang) {
  const auto who = resident.display_name.empty() ? texts.text("announce_someone", lang) : resident.display_name;
  return texts.text(event == ThreadEvent::new_question ? "announce_question" : "announce_message", lang,
                    {{"number", std::to_string(thread_id)},
                     {"who", who},
                     {"channel", channel_label(texts, channel, lang)},
                     {"text", shortened(text, kExcerptBytes)}});
}

}  // namespace

std::string shortened(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && is_continuation_byte(text[end])) --end;
  return text.substr(0, end) + "…";
}

void announce_to_officers(storage::Database& db, const config::Config& config, const flows::FlowSet& texts,
                          const storage::Resident& resident, storage::Id thread_id, const std::string& channel,
                          const std::string& text, ThreadEvent event) {
  // serve refuses to start when the channel is not enabled, so the row can always leave the outbox.
  const auto& officers_channel = config.inbox.announce_channel;
  const auto& chat = config.inbox.announce_address;
  if (officers_channel.empty() || chat.empty()) return;
  const auto lang = lang_of(config.locale.default_language);
  enqueue_text(db, officers_channel, chat, announcement(texts, resident, thread_id, channel, text, event, lang),
               kPriorityNotification);
}

}  // namespace buurtbot
