#include "bot/civic/notify.hpp"

#include "bot/core/message.hpp"
#include "bot/civic/status.hpp"
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

std::string quoted(const storage::Initiative& i) { return i.ref + " \"" + i.title + "\""; }

std::string status_text(const storage::Initiative& i, std::string_view answer, std::string_view language) {
  const bool en = language == "en";
  std::string text = (en ? "📌 News about plan " : "📌 Nieuws over plan ") + quoted(i) + "\n";
  text += (en ? "The status is now: " : "De status is nu: ") + status_label(i.status, language) + ".\n";
  text += status_meaning(i.status, language);
  if (!answer.empty()) text += std::string(en ? "\nAnswer from the municipality: " : "\nAntwoord van de gemeente: ") += answer;
  return text;
}

}  // namespace

std::string theme_label(const config::Config& config, std::string_view key, std::string_view language) {
  return label_in(config.municipality.themes, key, language);
}

std::string neighbourhood_label(const config::Config& config, std::string_view key, std::string_view language) {
  return label_in(config.municipality.neighbourhoods, key, language);
}

void Notifier::send(const std::string& channel, const std::string& address, const std::string& text, int priority) {
  nlohmann::json payload = OutboundMessage{.text = text, .choices = {}, .reply_to = {}, .answers_callback = {}};
  storage::Outbox(db_).enqueue(channel, address, payload.dump(), priority);
}

void Notifier::new_initiative(const storage::Initiative& i) {
  const auto& lang = config_.locale.default_language;
  const bool en = lang == "en";
  std::string text = (en ? "📢 New plan on " : "📢 Nieuw plan over ") + theme_label(config_, i.theme, lang) + ": " +
                     quoted(i) + "\n" + (en ? "Neighbourhood: " : "Wijk: ") +
                     neighbourhood_label(config_, i.neighbourhood, lang) + "\n" +
                     (en ? "Support it with /support " : "Steun het met /steun ") + i.ref;
  to_theme_groups(i.theme, text);
}

void Notifier::status_changed(const storage::Initiative& i, std::string_view answer, std::optional<storage::Id> skip) {
  std::set<storage::Id> residents;
  if (i.submitter_id) residents.insert(*i.submitter_id);
  for (auto id : storage::Initiatives(db_).followers(i.id)) residents.insert(id);
  if (skip) residents.erase(*skip);
  const auto nl = status_text(i, answer, "nl");
  const auto en = status_text(i, answer, "en");
  for (auto id : residents) to_resident(id, nl, en);
  to_theme_groups(i.theme, status_text(i, answer, config_.locale.default_language));
}

void Notifier::to_resident(storage::Id resident_id, const std::string& nl, const std::string& en) {
  storage::Residents residents(db_);
  auto resident = residents.find(resident_id);
  if (!resident) return;
  // One person, one message: on the channel they chose, else the one they used last.
  if (auto identity = residents.notification_identity(resident_id))
    send(identity->channel, identity->address, resident->language == "en" ? en : nl, kPriorityNotification);
}

void Notifier::to_theme_groups(const std::string& theme, const std::string& text) {
  for (const auto& chat : storage::Workgroups(db_).chats_for_theme(theme))
    send(chat.channel, chat.address, text, kPriorityNotification);
}

}  // namespace buurtbot
