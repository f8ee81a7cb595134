#include "bot/civic/facts.hpp"

#include "bot/civic/action_kit.hpp"
#include "bot/civic/notify.hpp"
#include "bot/civic/status.hpp"
#include "storage/repositories.hpp"

#include <algorithm>
#include <tuple>

namespace buurtbot {
namespace {

// Enough for residents to page through; a plan further down is found by a word or its number.
constexpr int kMostOpenPlans = 50;

// The home step's answer for "Zeg ik liever niet", stored as it is.
constexpr std::string_view kRatherNotSay = "none";

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

// "Nog niemand…", "1 persoon…", "12 mensen…": the none form has no count to fill.
std::string counted(const flows::FlowSet& texts, std::string_view what, std::int64_t count, flows::Lang lang) {
  if (count == 0) return texts.text(std::string(what) + "_none", lang);
  return texts.text(std::string(what) + (count == 1 ? "_one" : "_many"), lang, {{"count", std::to_string(count)}});
}

// One of the resident's own plans in full, and whether they may still withdraw it.
std::map<std::string, std::string> own_plan_facts(storage::Database& db, const flows::FlowSet& texts,
                                                  const storage::Initiative& plan, flows::Lang lang) {
  OfficialAnswer answer;
  for (const auto& change : storage::Initiatives(db).history(plan.id))
    if (!answer_of(change).empty()) answer = answer_of(change);
  const flows::Vars vars{{"ref", plan.ref},
                         {"title", plan.title},
                         {"description", plan.description},
                         {"status", status_label(texts, plan.status, lang)},
                         {"meaning", status_meaning(texts, plan.status, lang)},
                         {"answer", official_words(texts, plan, answer.in(flows::to_string(lang)), lang)},
                         {"supporters", counted(texts, "supporters", plan.supports, lang)},
                         {"followers", counted(texts, "followers", plan.followers, lang)}};
  const bool withdrawable = can_change_status(plan.status, "withdrawn", Changer::submitter);
  const bool answerable = can_change_status(plan.status, "in_review", Changer::submitter);
  return {{"details", texts.text("initiative_details", lang, vars)},
          {"withdrawable", withdrawable ? "yes" : "no"},
          {"answerable", answerable ? "yes" : "no"}};
}

// The home just named in this flow (step "home") comes before what is stored, which the flow's end saves.
std::string home_of(const flows::Facts::Answers& answers, storage::Database& db, storage::Id resident_id) {
  const auto named = answers.find("home");
  if (named != answers.end()) return named->second == kRatherNotSay ? std::string() : named->second;
  return storage::Initiatives(db).neighbourhood_of(resident_id);
}

}  // namespace

std::vector<flows::Choice> StoredFacts::options(const std::string& source, flows::Lang lang, const std::string& words,
                                                const Answers& answers) const {
  const std::string language = lang == flows::Lang::en ? "en" : "nl";
  if (source == "themes") return listed(config_.municipality.themes, lang);
  if (source == "neighbourhoods") return listed(config_.municipality.neighbourhoods, lang);
  if (source == "my_initiatives") {
    const auto mine = storage::Initiatives(db_).list(storage::InitiativeFilter::submitted_by(resident_id_));
    auto choices = initiatives(texts_, mine, lang);
    for (std::size_t i = 0; i < mine.size(); ++i) choices[i].facts = own_plan_facts(db_, texts_, mine[i], lang);
    return choices;
  }
  if (source == "open_initiatives") {
    storage::Initiatives plans(db_);
    return initiatives(texts_, plans.open_plans(words, home_of(answers, db_, resident_id_), kMostOpenPlans), lang);
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
                                     {{"name", g.name}, {"theme", theme_label(config_, g.theme, language)}}),
                         {{"member", member ? "yes" : "no"}}});
    }
    return choices;
  }
  return {};
}

flows::Facts::Answers StoredFacts::about_resident() const {
  return {{"home_known", storage::Residents(db_).home_known(resident_id_) ? "yes" : "no"}};
}

bool StoredFacts::has_open_question() const {
  return civic::own_question(db_, resident_id_, about_) ||
         storage::Inbox(db_).thread_to_continue_of(resident_id_, kReopenDays).has_value();
}

// The plan the message names when it is one of the resident's waiting plans, else the one asked last; none
// when the message names one of the resident's questions (the words are for that question).
std::string StoredFacts::plan_waiting_for_answer() const {
  if (civic::own_question(db_, resident_id_, about_)) return {};
  auto filter = storage::InitiativeFilter::submitted_by(resident_id_);
  filter.status = "needs_info";
  const auto waiting = storage::Initiatives(db_).list(filter);
  for (const auto& plan : waiting)
    if (plan.ref == about_) return plan.ref;
  const auto last_asked = std::max_element(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) {
    return std::tie(a.updated_at, a.id) < std::tie(b.updated_at, b.id);
  });
  return last_asked == waiting.end() ? std::string() : last_asked->ref;
}

}  // namespace buurtbot
