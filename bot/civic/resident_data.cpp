// "My data": everything stored about one resident, as text they can read, in the words of the message files.
#include "bot/civic/actions.hpp"
#include "bot/civic/notify.hpp"
#include "bot/civic/status.hpp"
#include "storage/attachments.hpp"
#include "storage/repositories.hpp"

#include <cstdio>

namespace buurtbot {
namespace {

using flows::FlowSet;
using flows::Lang;

// "2026-11-24T10:55:05Z" as "24 november 2026" (LANGUAGE.md: dates in words), with the time when asked.
std::string readable_date(const FlowSet& texts, const std::string& iso, Lang lang, bool with_time = false) {
  const auto months = flows::split_list(texts.text("months", lang));
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d", &year, &month, &day, &hour, &minute) < 3 || month < 1 ||
      month > static_cast<int>(months.size()))
    return iso;
  flows::Vars vars{{"day", std::to_string(day)}, {"month", months[month - 1]}, {"year", std::to_string(year)}};
  if (!with_time) return texts.text("date", lang, vars);
  char time[16];
  std::snprintf(time, sizeof time, "%02d:%02d", hour, minute);
  vars["time"] = time;
  return texts.text("date_time", lang, vars);
}

// The lines of a list ("- …"), or one line saying there is nothing.
std::string listed(const FlowSet& texts, const std::vector<std::string>& items, Lang lang) {
  if (items.empty()) return "- " + texts.text("data_none", lang);
  std::string lines;
  for (const auto& item : items) lines += (lines.empty() ? "- " : "\n- ") + item;
  return lines;
}

std::vector<std::string> plans(const FlowSet& texts, const std::vector<storage::Initiative>& list, Lang lang) {
  std::vector<std::string> items;
  for (const auto& i : list)
    items.push_back(texts.text("option_initiative", lang,
                               {{"ref", i.ref}, {"title", i.title}, {"status", status_label(texts, i.status, lang)}}));
  return items;
}

// "[foto: bankje.jpg] [bestand: plan.pdf]": what was sent with a plan or a message.
std::string attachment_note(const FlowSet& texts, const std::vector<storage::StoredAttachment>& attachments, Lang lang) {
  std::string note;
  for (const auto& a : attachments) {
    if (a.kind == "photo" && a.name.empty()) note += " " + texts.text("data_photo", lang);
    else if (a.kind == "photo") note += " " + texts.text("data_photo_named", lang, {{"name", a.name}});
    else if (a.name.empty()) note += " " + texts.text("data_file_unnamed", lang);
    else note += " " + texts.text("data_file", lang, {{"name", a.name}});
  }
  return note;
}

// The resident's own plans, each with the photos and files sent with it.
std::vector<std::string> own_plans(storage::Database& db, const FlowSet& texts, const storage::Resident& resident,
                                   Lang lang) {
  const auto list = storage::Initiatives(db).list(storage::InitiativeFilter::submitted_by(resident.id));
  auto items = plans(texts, list, lang);
  for (std::size_t i = 0; i < list.size(); ++i)
    items[i] += attachment_note(texts, storage::Attachments(db).of_initiative(list[i].id), lang);
  return items;
}

// Each channel named as residents know it ("Telegram", "e-mail"), not by its key.
std::vector<std::string> channels(storage::Database& db, const FlowSet& texts, const storage::Resident& resident,
                                  Lang lang) {
  std::vector<std::string> items;
  for (const auto& id : storage::Residents(db).identities(resident.id)) {
    items.push_back(channel_label(texts, id.channel, lang) + ": " + id.display_name + " (" + id.address + ")");
    if (!id.answer_email.empty()) items.back() += texts.text("mydata_answer_email", lang, {{"address", id.answer_email}});
  }
  return items;
}

// Where the resident said they live; a plan's place is the plan's, not shown here.
std::string home(storage::Database& db, const FlowSet& texts, const config::Config& config,
                 const storage::Resident& resident, Lang lang) {
  const auto home = storage::Residents(db).home(resident.id);
  if (home.empty()) return texts.text("data_home_unknown", lang);
  if (home == "none") return texts.text("data_home_declined", lang);
  return neighbourhood_label(config, home, flows::to_string(lang));
}

std::vector<std::string> workgroups(storage::Database& db, const storage::Resident& resident) {
  std::vector<std::string> items;
  for (const auto& g : storage::Workgroups(db).of_resident(resident.id)) items.push_back(g.name);
  return items;
}

// Every message of every question, both ways, with its date and what was sent with it.
std::vector<std::string> questions(storage::Database& db, const FlowSet& texts, const storage::Resident& resident, Lang lang) {
  storage::Inbox inbox(db);
  std::vector<std::string> items;
  for (const auto& t : inbox.threads_of(resident.id))
    for (const auto& m : inbox.messages(t.id))
      items.push_back(readable_date(texts, m.created_at, lang, true) + (m.direction == "in" ? " → " : " ← ") + m.text +
                      attachment_note(texts, storage::Attachments(db).of_message(m.id), lang));
  return items;
}

}  // namespace

std::string describe_resident_data(storage::Database& db, const config::Config& config, const FlowSet& texts,
                                   const storage::Resident& resident) {
  const auto lang = lang_of(resident.language);
  const auto notified = storage::Residents(db).notification_identity(resident.id);
  storage::Initiatives initiatives(db);
  return texts.text(
      "data_export", lang,
      {{"name", resident.display_name},
       {"language", texts.text("data_language", lang)},
       {"home", home(db, texts, config, resident, lang)},
       {"since", readable_date(texts, resident.created_at, lang)},
       {"channels", listed(texts, channels(db, texts, resident, lang), lang)},
       {"notified_on", notified ? channel_label(texts, notified->channel, lang) : ""},
       {"initiatives", listed(texts, own_plans(db, texts, resident, lang), lang)},
       {"following", listed(texts, plans(texts, initiatives.followed_by(resident.id), lang), lang)},
       {"supporting", listed(texts, plans(texts, initiatives.supported_by(resident.id), lang), lang)},
       {"workgroups", listed(texts, workgroups(db, resident), lang)},
       {"questions", listed(texts, questions(db, texts, resident, lang), lang)}});
}

}  // namespace buurtbot
