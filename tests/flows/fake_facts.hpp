#pragma once
// Test helpers for the engine: facts from tables, the real flow files, and a chat that keeps state.

#include "flows/engine.hpp"
#include "flows/loader.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace buurtbot::flows::testing {

/// Facts from tables, by source and language.
class FakeFacts final : public Facts {
 public:
  FakeFacts() {
    set("themes", {{"green", "Groen"}, {"traffic", "Verkeer"}, {"play", "Spelen"}},
        {{"green", "Green"}, {"traffic", "Traffic"}, {"play", "Play"}});
    set("neighbourhoods", {{"centre", "Centrum"}, {"north", "Noord"}}, {{"centre", "City centre"}, {"north", "North"}});
    set("workgroups",
        {{"1", "Groen in de wijk (Groen)", {{"member", "no"}}}, {"2", "Veilig verkeer (Verkeer) · je bent lid", {{"member", "yes"}}}},
        {{"1", "Green streets (Green)", {{"member", "no"}}}, {"2", "Safe traffic (Traffic) · you are a member", {{"member", "yes"}}}});
    set("my_initiatives",
        {{"BI-2026-0001", "BI-2026-0001 · Bankje · ingediend", {{"details", "Bankje bij de speeltuin."}, {"withdrawable", "yes"}}},
         {"BI-2026-0002", "BI-2026-0002 · Hek · ingetrokken", {{"details", "Een hek om het veld."}, {"withdrawable", "no"}}}},
        {{"BI-2026-0001", "BI-2026-0001 · Bench · submitted", {{"details", "A bench."}, {"withdrawable", "yes"}}},
         {"BI-2026-0002", "BI-2026-0002 · Fence · withdrawn", {{"details", "A fence."}, {"withdrawable", "no"}}}});
    set("open_initiatives", {{"BI-2026-0001", "BI-2026-0001 · Bankje · ingediend"}},
        {{"BI-2026-0001", "BI-2026-0001 · Bench · submitted"}});
    set("followed_initiatives", {{"BI-2026-0007", "BI-2026-0007 · Speeltuin · in behandeling"}},
        {{"BI-2026-0007", "BI-2026-0007 · Playground · under review"}});
  }

  void set(const std::string& source, std::vector<Choice> nl, std::vector<Choice> en) {
    nl_[source] = std::move(nl);
    en_[source] = std::move(en);
  }

  void clear(const std::string& source) { set(source, {}, {}); }

  /// A source's options; with `words`, those whose label contains them.
  std::vector<Choice> options(const std::string& source, Lang lang, const std::string& words = {},
                              const Answers& answers = {}) const override {
    last_answers = answers;
    const auto& table = lang == Lang::en ? en_ : nl_;
    auto it = table.find(source);
    if (it == table.end()) return {};
    std::vector<Choice> found;
    for (const auto& choice : it->second)
      if (choice.label.find(words) != std::string::npos) found.push_back(choice);
    return found;
  }

  bool has_open_question() const override { return open_question; }
  std::string plan_waiting_for_answer() const override { return waiting_plan; }
  Answers about_resident() const override { return resident; }

  bool open_question = false;
  std::string waiting_plan;  ///< the plan that waits for the resident's answer, if any
  Answers resident = {{"home_known", "yes"}};  ///< what the flows may know of the resident
  mutable Answers last_answers;                ///< the answers the last options() call was given

 private:
  std::map<std::string, std::vector<Choice>> nl_;
  std::map<std::string, std::vector<Choice>> en_;
};

/// The flows in the repository's flows/ folder, loaded once.
inline const FlowSet& real_flows() {
  static const LoadResult loaded = load_flows(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "flows");
  return loaded.flows;
}

/// A fixed moment to start tests at.
inline const Clock::time_point kStart = Clock::time_point(std::chrono::hours(24 * 20500));

/// One resident's conversation: each message is sent a minute after the previous one.
struct Chat {
  const FlowSet& flows = real_flows();
  FakeFacts facts;
  Lang lang = Lang::nl;
  ConversationState state;
  Clock::time_point now = kStart;
  EngineSettings settings;

  StepResult send(const std::string& text) { return run(Input{text, {}}); }
  StepResult press(const std::string& key) { return run(Input{{}, key}); }

  StepResult run(const Input& input) {
    now += std::chrono::minutes(1);
    auto result = step(flows, state, input, facts, lang, now, settings);
    state = result.state;
    return result;
  }
};

/// Option keys as a choice step stores them: "money,advice".
inline std::string join_keys(const std::vector<std::string>& keys) {
  std::string joined;
  for (const auto& key : keys) joined += (joined.empty() ? "" : ",") + key;
  return joined;
}

/// All reply texts joined, to look for words in.
inline std::string texts(const StepResult& result) {
  std::string all;
  for (const auto& reply : result.replies) all += reply.text + "\n";
  return all;
}

/// The keys of the buttons of the last reply.
inline std::vector<std::string> buttons(const StepResult& result) {
  std::vector<std::string> keys;
  if (!result.replies.empty())
    for (const auto& choice : result.replies.back().choices) keys.push_back(choice.key);
  return keys;
}

/// The labels of the buttons of the last reply.
inline std::vector<std::string> labels(const StepResult& result) {
  std::vector<std::string> out;
  if (!result.replies.empty())
    for (const auto& choice : result.replies.back().choices) out.push_back(choice.label);
  return out;
}

}  // namespace buurtbot::flows::testing
