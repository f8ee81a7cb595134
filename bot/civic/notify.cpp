#include "bot/civic/notify.hpp"

#include "bot/core/message.hpp"
#include "bot/civic/status.hpp"
#include "flows/messages.hpp"
#include "storage/repositories.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace buurtbot {
namespace {

std::string label_in(const std::vector<config::Listed>& list, std::string_view key, std::string_view language) {
  for (const auto& item : list)
    if (item.key == key) return language == "en" ? item.en : item.nl;
  return std::string(key);
}

}  // namespace

const std::string& OfficialAnswer::in(std::string_view language) const {
  const bool english = language == "en";
  const auto& theirs = english ? en : nl;
  return theirs.empty() ? (english ? nl : en) : theirs;
}

OfficialAnswer answer_of(const storage::StatusChange& change) { return {change.answer, change.answer_en}; }

// The officer's words under a status: a question when the plan waits for the submitter, else an answer.
std::string official_words(const flows::FlowSet& texts, const storage::Initiative& i, std::string_view answer,
                           flows::Lang lang) {
  if (answer.empty()) return {};
  return texts.text(i.status == "needs_info" ? "official_question" : "official_answer", lang,
                    {{"text", std::string(answer)}});
}

std::string theme_label(const config::Config& config, std::string_view key, std::string_view language) {
  return label_in(config.municipality.themes, key, language);
}

std::string neighbourhood_label(const config::Config& config, std::string_view key, std::string_view language) {
  return label_in(config.municipality.neighbourhoods, key, language);
}

void enqueue_text(storage::Database& db, const std::string& channel, const std::string& address, const std::string& text,
                  int priority, const std::string& thread, const std::string& list) {
  OutboundMessage message;
  message.text = text;
  message.thread = thread;
  message.list = list;
  enqueue_message(db, channel, address, message, priority);
}

void enqueue_message(storage::Database& db, const std::string& channel, const std::string& address,
                     const OutboundMessage& message, int priority) {
  storage::Outbox(db).enqueue(channel, address, nlohmann::json(message).dump(), priority);
}

OutboundMessage news_about(const std::string& text, const std::string& ref, const std::string& list) {
  OutboundMessage message;
  message.text = text;
  message.list = list;
  message.about = ref;
  return message;
}

std::string follow_list(const std::string& initiative_ref) { return "follow:" + initiative_ref; }

std::string workgroup_list(storage::Id workgroup_id) { return "workgroup:" + std::to_string(workgroup_id); }

flows::Lang lang_of(std::string_view language) { return flows::parse_lang(language).value_or(flows::Lang::nl); }

std::string channel_label(const flows::FlowSet& texts, const std::string& channel, flows::Lang lang) {
  const auto key = "channel_" + channel;
  return flows::find_message_spec(key) ? texts.text(key, lang) : channel;
}

void Notifier::new_initiative(const storage::Initiative& i) {
  const auto& language = config_.locale.default_language;
  Told told;
  to_theme_groups(i, texts_.text("notify_new_plan", lang_of(language),
                                       {{"theme", theme_label(config_, i.theme, language)},
                                        {"ref", i.ref},
                                        {"title", i.title},
                                        {"neighbourhood", neighbourhood_label(config_, i.neighbourhood, language)}}),
                  told);
}

// Where everyone can read about the plan, for news about a plan on the public pages.
std::string Notifier::public_page_line(const storage::Initiative& i, flows::Lang lang) const {
  const auto& site = config_.municipality.public_url;
  if (site.empty() || !i.published || i.hidden) return "";
  const auto base = site.ends_with('/') ? site.substr(0, site.size() - 1) : site;
  return texts_.text("notify_plan_page", lang, {{"url", base + "/plannen/" + i.ref}});
}

// One status change as one reader reads it: `key` is notify_status (the submitter's own plan),
// notify_status_follower or notify_status_workgroup. The officer's question to the submitter is theirs alone.
std::string Notifier::status_text(std::string_view key, const storage::Initiative& i, const OfficialAnswer& answer,
                                  flows::Lang lang) const {
  const bool submitter = key == "notify_status";
  const bool question_for_submitter = i.status == "needs_info" && !submitter;
  const auto language = flows::to_string(lang);
  flows::Vars vars{{"ref", i.ref},
                   {"title", i.title},
                   {"status", status_label(texts_, i.status, lang)},
                   {"answer", question_for_submitter ? "" : official_words(texts_, i, answer.in(language), lang)}};
  if (submitter) vars["meaning"] = status_meaning(texts_, i.status, lang);
  if (key == "notify_status_workgroup") vars["theme"] = theme_label(config_, i.theme, language);
  vars["page"] = public_page_line(i, lang);
  return texts_.text(key, lang, vars);
}

void Notifier::status_changed(const storage::Initiative& i, const OfficialAnswer& answer,
                              std::optional<storage::Id> skip) {
  auto status_for = [&](std::string_view key) {
    return std::pair{status_text(key, i, answer, flows::Lang::nl), status_text(key, i, answer, flows::Lang::en)};
  };
  std::set<storage::Id> residents_told;
  Told told;
  if (skip) residents_told.insert(*skip);
  if (i.submitter_id && residents_told.insert(*i.submitter_id).second) {
    // The submitter follows their own plan by submitting it: what they can stop is every update.
    const auto [nl, en] = status_for("notify_status");
    to_resident(*i.submitter_id, nl, en, i.ref, std::string(kAllUpdatesList), told);
  }
  const auto [nl, en] = status_for("notify_status_follower");
  for (auto id : storage::Initiatives(db_).followers(i.id))
    if (residents_told.insert(id).second) to_resident(id, nl, en, i.ref, follow_list(i.ref), told);
  to_theme_groups(i,
                  status_text("notify_status_workgroup", i, answer, lang_of(config_.locale.default_language)), told);
}

void Notifier::to_resident(storage::Id resident_id, const std::string& nl, const std::string& en,
                           const std::string& ref, const std::string& list, Told& told) {
  storage::Residents residents(db_);
  auto resident = residents.find(resident_id);
  if (!resident) return;
  // One person, one message: on the channel they chose, else the one they used last.
  auto identity = residents.notification_identity(resident_id);
  if (!identity || identity->news_stopped || !told.emplace(identity->channel, identity->address).second) return;
  enqueue_message(db_, identity->channel, identity->address, news_about(resident->language == "en" ? en : nl, ref, list),
                  kPriorityNotification);
}

// A chat that already heard of the change as a person's (a workgroup linked where a follower reads) hears it once.
void Notifier::to_theme_groups(const storage::Initiative& i, const std::string& text, Told& told) {
  for (const auto& chat : storage::Workgroups(db_).chats_for_theme(i.theme))
    if (told.emplace(chat.channel, chat.address).second)
      enqueue_message(db_, chat.channel, chat.address, news_about(text, i.ref, workgroup_list(chat.workgroup_id)),
                      kPriorityNotification);
}

}  // namespace buurtbot
