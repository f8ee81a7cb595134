#include "bot/civic/notify.hpp"

#include "bot/core/message.hpp"
#include "bot/civic/status.hpp"
#include "flows/messages.hpp"
#include "storage/repositories.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace buurtbot {
namespace {

std::string label_in(const std::vector<config::Listed>& list, std::string_view key, std::string_view language) {
  for (const auto& item : list)
    if (item.key == key) return language == "en" ? item.en : item.nl;
  return std::string(key);
}

std::string status_text(const flows::FlowSet& texts, const storage::Initiative& i, std::string_view answer,
                        flows::Lang lang) {
  return texts.text("notify_status", lang,
                    {{"ref", i.ref},
                     {"title", i.title},
                     {"status", status_label(texts, i.status, lang)},
                     {"meaning", status_meaning(texts, i.status, lang)},
                     {"answer", std::string(answer)}});
}

}  // namespace

std::string theme_label(const config::Config& config, std::string_view key, std::string_view language) {
  return label_in(config.municipality.themes, key, language);
}

std::string neighbourhood_label(const config::Config& config, std::string_view key, std::string_view language) {
  return label_in(config.municipality.neighbourhoods, key, language);
}

void enqueue_text(storage::Database& db, const std::string& channel, const std::string& address, const std::string& text,
                  int priority) {
  nlohmann::json payload = OutboundMessage{.text = text, .choices = {}, .reply_to = {}, .answers_callback = {}};
  storage::Outbox(db).enqueue(channel, address, payload.dump(), priority);
}

flows::Lang lang_of(std::string_view language) { return language == "en" ? flows::Lang::en : flows::Lang::nl; }

std::string channel_label(const flows::FlowSet& texts, const std::string& channel, flows::Lang lang) {
  const auto key = "channel_" + channel;
  return flows::find_message_spec(key) ? texts.text(key, lang) : channel;
}

void Notifier::new_initiative(const storage::Initiative& i) {
  const auto& language = config_.locale.default_language;
  to_theme_groups(i.theme, texts_.text("notify_new_plan", lang_of(language),
                                       {{"theme", theme_label(config_, i.theme, language)},
                                        {"ref", i.ref},
                                        {"title", i.title},
                                        {"neighbourhood", neighbourhood_label(config_, i.neighbourhood, language)}}));
}

void Notifier::status_changed(const storage::Initiative& i, std::string_view answer, std::optional<storage::Id> skip) {
  std::set<storage::Id> residents;
  if (i.submitter_id) residents.insert(*i.submitter_id);
  for (auto id : storage::Initiatives(db_).followers(i.id)) residents.insert(id);
  if (skip) residents.erase(*skip);
  const auto nl = status_text(texts_, i, answer, flows::Lang::nl);
  const auto en = status_text(texts_, i, answer, flows::Lang::en);
  for (auto id : residents) to_resident(id, nl, en);
  to_theme_groups(i.theme, status_text(texts_, i, answer, lang_of(config_.locale.default_language)));
}

void Notifier::to_resident(storage::Id resident_id, const std::string& nl, const std::string& en) {
  storage::Residents residents(db_);
  auto resident = residents.find(resident_id);
  if (!resident) return;
  // One person, one message: on the channel they chose, else the one they used last.
  if (auto identity = residents.notification_identity(resident_id))
    enqueue_text(db_, identity->channel, identity->address, resident->language == "en" ? en : nl, kPriorityNotification);
}

void Notifier::to_theme_groups(const std::string& theme, const std::string& text) {
  for (const auto& chat : storage::Workgroups(db_).chats_for_theme(theme))
    enqueue_text(db_, chat.channel, chat.address, text, kPriorityNotification);
}

}  // namespace buurtbot
