#include "bot/civic/status.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace buurtbot {
namespace {

// In the order of an initiative's life; each has status_<key> and status_<key>_meaning in messages.yaml.
constexpr std::array<std::string_view, 9> kStatuses{"draft",    "submitted",   "in_review", "needs_info", "accepted",
                                                    "rejected", "in_progress", "done",      "withdrawn"};

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

}  // namespace

bool is_status(std::string_view key) { return std::find(kStatuses.begin(), kStatuses.end(), key) != kStatuses.end(); }

std::string status_label(const flows::FlowSet& texts, std::string_view key, flows::Lang lang) {
  if (!is_status(key)) return std::string(key);
  return texts.text(flows::concat({"status_", key}), lang);
}

std::string status_meaning(const flows::FlowSet& texts, std::string_view key, flows::Lang lang) {
  if (!is_status(key)) return {};
  return texts.text(flows::concat({"status_", key, "_meaning"}), lang);
}

std::vector<std::string_view> all_statuses() { return {kStatuses.begin(), kStatuses.end()}; }

bool can_change_status(std::string_view from, std::string_view to, Changer changer) {
  if (changer == Changer::submitter) {
    if (from == "needs_info" && to == "in_review") return true;  // by answering the municipality's question
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
