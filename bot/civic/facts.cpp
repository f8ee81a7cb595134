#include "bot/civic/facts.hpp"

#include "bot/civic/notify.hpp"
#include "bot/civic/status.hpp"
#include "storage/repositories.hpp"

#include <algorithm>

namespace buurtbot {
namespace {

// Enough for residents to page through; a plan further down is found by a word or its number.
constexpr int kMostOpenPlans = 50;

std::vector<flows::Choice> listed(const std::vector<config::Listed>& items, flows::Lang lang) {
  std::vector<flows::Choice> choices;
  for (const auto& item : items) choices.push_back({item.key, lang == flows::Lang::en ? item.en : item.nl});
  return choices;
}

std::vector<flows::Choice> initiatives(const flows::FlowSet& texts, const std::vector<storage::Initiative>& list,
                                       flows::Lang lang) {
  std::vector<flows::Choice> choices;
  for (const auto& i : list)
    choices.push_back({i.ref, texts.text("option_initiative", lang,
                                         {{"ref", i.ref}, {"title", i.title}, {"status", status_label(texts, i.status, lang)}})});
  return choices;
}

}  // namespace

std::vector<flows::Choice> StoredFacts::options(const std::string& source, flows::Lang lang,
                                                const std::string& words) const {
  const std::string language = lang == flows::Lang::en ? "en" : "nl";
  if (source == "themes") return listed(config_.municipality.themes, lang);
  if (source == "neighbourhoods") return listed(config_.municipality.neighbourhoods, lang);
  if (source == "my_initiatives")
    return initiatives(texts_, storage::Initiatives(db_).list(storage::InitiativeFilter::submitted_by(resident_id_)), lang);
  if (source == "open_initiatives") {
    storage::Initiatives plans(db_);
    return initiatives(texts_, plans.open_plans(words, plans.neighbourhood_of(resident_id_), kMostOpenPlans), lang);
  }
  if (source == "followed_initiatives") return initiatives(texts_, storage::Initiatives(db_).followed_by(resident_id_), lang);
  if (source == "workgroups") {
    storage::Workgroups workgroups(db_);
    auto mine = workgroups.of_resident(resident_id_);
    std::vector<flows::Choice> choices;
    for (const auto& g : workgroups.list()) {
      const bool member = std::any_of(mine.begin(), mine.end(), [&](const auto& m) { return m.id == g.id; });
      choices.push_back({std::to_string(g.id),
                         texts_.text(member ? "option_workgroup_member" : "option_workgroup", lang,
                                     {{"name", g.name}, {"theme", theme_label(config_, g.theme, language)}})});
    }
    return choices;
  }
  return {};
}

bool StoredFacts::has_open_question() const {
  return storage::Inbox(db_).thread_to_continue_of(resident_id_, kReopenDays).has_value();
}

}  // namespace buurtbot
