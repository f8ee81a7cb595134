// "My data": everything stored about one resident, as text they can read.
#include "bot/actions.hpp"
#include "bot/status.hpp"
#include "storage/repositories.hpp"

namespace buurtbot {
namespace {

struct Words {
  const char* intro;
  const char* name;
  const char* language;
  const char* since;
  const char* channels;
  const char* initiatives;
  const char* following;
  const char* supporting;
  const char* workgroups;
  const char* questions;
  const char* none;
  const char* forget;
};

constexpr Words kNl{"Dit bewaren wij over jou:", "Naam", "Taal", "Bekend sinds", "Kanalen", "Jouw plannen",
                    "Plannen die je volgt", "Plannen die je steunt", "Werkgroepen", "Jouw vragen", "geen",
                    "Wil je dat wij dit wissen? Stuur /vergeetmij."};
constexpr Words kEn{"This is what we keep about you:", "Name", "Language", "Known since", "Channels", "Your plans",
                    "Plans you follow", "Plans you support", "Workgroups", "Your questions", "none",
                    "Do you want us to erase this? Send /forgetme."};

std::string initiative_line(const storage::Initiative& i, const std::string& language) {
  return "- " + i.ref + " · " + i.title + " · " + status_label(i.status, language) + "\n";
}

std::string section(const char* title, const std::string& lines, const Words& w) {
  return std::string("\n") + title + ":\n" + (lines.empty() ? std::string("- ") + w.none + "\n" : lines);
}

}  // namespace

std::string describe_resident_data(storage::Database& db, const config::Config&, const storage::Resident& resident) {
  const auto& lang = resident.language;
  const Words& w = lang == "en" ? kEn : kNl;
  std::string text = std::string(w.intro) + "\n";
  text += std::string(w.name) + ": " + resident.display_name + "\n";
  text += std::string(w.language) + ": " + (lang == "en" ? "English" : "Nederlands") + "\n";
  text += std::string(w.since) + ": " + resident.created_at + "\n";

  std::string lines;
  for (const auto& id : storage::Residents(db).identities(resident.id))
    lines += "- " + id.channel + ": " + id.display_name + " (" + id.address + ")\n";
  text += section(w.channels, lines, w);

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
      lines += "- " + m.created_at + " " + (m.direction == "in" ? "→ " : "← ") + m.text + "\n";
  text += section(w.questions, lines, w);

  return text + "\n" + w.forget;
}

}  // namespace buurtbot
