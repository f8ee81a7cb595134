// "My data": everything stored about one resident, as text they can read.
#include "bot/civic/actions.hpp"
#include "bot/civic/status.hpp"
#include "storage/attachments.hpp"
#include "storage/repositories.hpp"

#include <array>
#include <cstdio>

namespace buurtbot {
namespace {

struct Words {
  const char* intro;
  const char* name;
  const char* language;
  const char* since;
  const char* channels;
  const char* notified_on;
  const char* initiatives;
  const char* following;
  const char* supporting;
  const char* workgroups;
  const char* questions;
  const char* none;
  const char* forget;
};

constexpr Words kNl{"Dit bewaren wij over jou:", "Naam", "Taal", "Bekend sinds", "Kanalen",
                    "Nieuws over plannen krijg je via", "Jouw plannen",
                    "Plannen die je volgt", "Plannen die je steunt", "Werkgroepen", "Jouw vragen", "geen",
                    "Wil je dat wij dit wissen? Stuur /vergeetmij."};
constexpr Words kEn{"This is what we keep about you:", "Name", "Language", "Known since", "Channels",
                    "You get news about plans on", "Your plans",
                    "Plans you follow", "Plans you support", "Workgroups", "Your questions", "none",
                    "Do you want us to erase this? Send /forgetme."};

// "2026-11-24T10:55:05Z" as "24 november 2026" (LANGUAGE.md: dates in words), with the time when asked.
std::string readable_date(const std::string& iso, const std::string& language, bool with_time = false) {
  static constexpr std::array<const char*, 12> kNlMonths{"januari", "februari", "maart",     "april",   "mei",      "juni",
                                                         "juli",    "augustus", "september", "oktober", "november", "december"};
  static constexpr std::array<const char*, 12> kEnMonths{"January", "February", "March",     "April",   "May",      "June",
                                                         "July",    "August",   "September", "October", "November", "December"};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d", &year, &month, &day, &hour, &minute) < 3 || month < 1 || month > 12)
    return iso;
  const auto& months = language == "en" ? kEnMonths : kNlMonths;
  auto text = std::to_string(day) + " " + months[month - 1] + " " + std::to_string(year);
  if (with_time) text += (language == "en" ? " at " : " om ") + std::string(hour < 10 ? "0" : "") + std::to_string(hour) +
                         ":" + (minute < 10 ? "0" : "") + std::to_string(minute);
  return text;
}

std::string initiative_line(const storage::Initiative& i, const std::string& language) {
  return "- " + i.ref + " · " + i.title + " · " + status_label(i.status, language) + "\n";
}

std::string section(const char* title, const std::string& lines, const Words& w) {
  return std::string("\n") + title + ":\n" + (lines.empty() ? std::string("- ") + w.none + "\n" : lines);
}

// "[foto] [bestand: plan.pdf]": what was sent with a message; the files stay with the channel.
std::string attachment_note(const std::vector<storage::StoredAttachment>& attachments, std::string_view lang) {
  std::string note;
  for (const auto& a : attachments) {
    if (a.kind == "photo") note += lang == "en" ? " [photo]" : " [foto]";
    else note += std::string(lang == "en" ? " [file" : " [bestand") + (a.name.empty() ? "" : ": " + a.name) + "]";
  }
  return note;
}

}  // namespace

std::string describe_resident_data(storage::Database& db, const config::Config&, const storage::Resident& resident) {
  const auto& lang = resident.language;
  const Words& w = lang == "en" ? kEn : kNl;
  std::string text = std::string(w.intro) + "\n";
  text += std::string(w.name) + ": " + resident.display_name + "\n";
  text += std::string(w.language) + ": " + (lang == "en" ? "English" : "Nederlands") + "\n";
  text += std::string(w.since) + ": " + readable_date(resident.created_at, lang) + "\n";

  std::string lines;
  for (const auto& id : storage::Residents(db).identities(resident.id))
    lines += "- " + id.channel + ": " + id.display_name + " (" + id.address + ")\n";
  text += section(w.channels, lines, w);
  if (auto notified = storage::Residents(db).notification_identity(resident.id))
    text += std::string(w.notified_on) + ": " + notified->channel + "\n";

  storage::Initiatives initiatives(db);
  lines.clear();
  for (const auto& i : initiatives.list(storage::InitiativeFilter::submitted_by(resident.id))) lines += initiative_line(i, lang);
  text += section(w.initiatives, lines, w);

  lines.clear();
  for (const auto& i : initiatives.followed_by(resident.id)) lines += initiative_line(i, lang);
  text += section(w.following, lines, w);

  lines.clear();
  for (const auto& i : initiatives.supported_by(resident.id)) lines += initiative_line(i, lang);
  text += section(w.supporting, lines, w);

  lines.clear();
  for (const auto& g : storage::Workgroups(db).of_resident(resident.id)) lines += "- " + g.name + "\n";
  text += section(w.workgroups, lines, w);

  storage::Inbox inbox(db);
  lines.clear();
  for (const auto& t : inbox.threads_of(resident.id))
    for (const auto& m : inbox.messages(t.id))
      lines += "- " + readable_date(m.created_at, lang, true) + (m.direction == "in" ? " → " : " ← ") + m.text +
               attachment_note(storage::Attachments(db).of_message(m.id), lang) + "\n";
  text += section(w.questions, lines, w);

  return text + "\n" + w.forget;
}

}  // namespace buurtbot
