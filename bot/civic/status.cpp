#include "bot/civic/status.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace buurtbot {
namespace {

constexpr std::array<StatusInfo, 9> kStatuses{{
    {"draft", "concept", "draft", "Je plan is nog niet ingediend.", "Your plan has not been submitted yet."},
    {"submitted", "ingediend", "submitted",
     "We hebben je plan ontvangen. Een medewerker van de gemeente gaat het bekijken.",
     "We have received your plan. An officer of the municipality will look at it."},
    {"in_review", "in behandeling", "under review",
     "Een medewerker van de gemeente bekijkt je plan nu. Je hoort het als er nieuws is.",
     "An officer of the municipality is looking at your plan now. You will hear when there is news."},
    {"needs_info", "meer informatie nodig", "more information needed",
     "De gemeente heeft meer informatie nodig. Lees de vraag hieronder en stuur je antwoord met /vraag.",
     "The municipality needs more information. Read the question below and send your answer with /question."},
    {"accepted", "goedgekeurd", "accepted",
     "De gemeente helpt mee met je plan. Je hoort wat de volgende stap is.",
     "The municipality will help with your plan. You will hear what the next step is."},
    {"rejected", "afgewezen", "not accepted",
     "De gemeente kan je plan niet steunen. Lees hieronder waarom. Je kunt een nieuw plan indienen met /initiatief.",
     "The municipality cannot support your plan. Read below why. You can submit a new plan with /initiative."},
    {"in_progress", "in uitvoering", "in progress", "Het plan wordt nu uitgevoerd.", "The plan is being carried out now."},
    {"done", "afgerond", "done", "Het plan is klaar. Dank je wel voor je inzet!", "The plan is done. Thank you for your effort!"},
    {"withdrawn", "ingetrokken", "withdrawn", "Het plan is ingetrokken door de indiener.",
     "The plan was withdrawn by the person who submitted it."},
}};

// The officer's path through the states (DESIGN.md); withdrawing is the submitter's alone.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kOfficerMoves{{
    {"draft", "submitted"},
    {"submitted", "in_review"},
    {"in_review", "accepted"},
    {"in_review", "needs_info"},
    {"in_review", "rejected"},
    {"needs_info", "in_review"},
    {"accepted", "in_progress"},
    {"in_progress", "done"},
}};

constexpr std::array<std::string_view, 5> kWithdrawable{"draft", "submitted", "in_review", "needs_info", "accepted"};

bool english(std::string_view language) { return language == "en"; }

}  // namespace

std::optional<StatusInfo> status_info(std::string_view key) {
  auto it = std::find_if(kStatuses.begin(), kStatuses.end(), [&](const StatusInfo& s) { return s.key == key; });
  if (it == kStatuses.end()) return std::nullopt;
  return *it;
}

std::string status_label(std::string_view key, std::string_view language) {
  auto info = status_info(key);
  if (!info) return std::string(key);
  return std::string(english(language) ? info->en : info->nl);
}

std::string status_meaning(std::string_view key, std::string_view language) {
  auto info = status_info(key);
  if (!info) return {};
  return std::string(english(language) ? info->meaning_en : info->meaning_nl);
}

std::vector<std::string_view> all_statuses() {
  std::vector<std::string_view> keys;
  for (const auto& s : kStatuses) keys.push_back(s.key);
  return keys;
}

bool can_change_status(std::string_view from, std::string_view to, Changer changer) {
  if (changer == Changer::submitter) {
    return to == "withdrawn" && std::find(kWithdrawable.begin(), kWithdrawable.end(), from) != kWithdrawable.end();
  }
  return std::find(kOfficerMoves.begin(), kOfficerMoves.end(), std::pair{from, to}) != kOfficerMoves.end();
}

std::vector<std::string_view> next_statuses(std::string_view from) {
  std::vector<std::string_view> next;
  for (const auto& [f, t] : kOfficerMoves)
    if (f == from) next.push_back(t);
  return next;
}

bool status_needs_answer(std::string_view to) { return to == "rejected" || to == "needs_info"; }

}  // namespace buurtbot
