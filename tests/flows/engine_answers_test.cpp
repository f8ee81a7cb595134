// Every option the bot lists can be picked by its number and by its text, as well as by its button,
// and a refused answer goes out in one message with the question it repeats.

#include "tests/flows/fake_facts.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace buurtbot::flows {
namespace {

using testing::buttons;
using testing::FakeFacts;
using testing::kStart;
using testing::real_flows;
using testing::texts;

const EngineSettings kSettings{};

StepResult run(const ConversationState& state, const Input& input, Lang lang, const EngineSettings& settings = kSettings) {
  FakeFacts facts;
  return step(real_flows(), state, input, facts, lang, kStart, settings);
}

// A state at `step` of `flow`, as if the resident had just been asked it.
ConversationState at(const std::string& flow, const std::string& step) {
  return ConversationState{flow, step, {}, {}, kStart - std::chrono::minutes(1)};
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// What a step leads to, in the terms a resident notices: where they are, what is kept, what is done.
struct Outcome {
  std::string flow;
  std::string step;
  std::map<std::string, std::string> values;
  std::string action;
  std::string text;

  bool operator==(const Outcome&) const = default;
};

Outcome outcome_of(const StepResult& result) {
  return {result.state.flow, result.state.step, result.state.values, result.action ? result.action->name : "",
          texts(result)};
}

std::ostream& operator<<(std::ostream& out, const Outcome& o) {
  return out << o.flow << "/" << o.step << " action=" << o.action << " text=" << o.text;
}

// Every place the bot lists options: the menu, and each choice and confirm step of every flow.
struct Listing {
  std::string where;
  ConversationState state;
  std::vector<Choice> choices;
};

std::vector<Listing> listings(Lang lang) {
  std::vector<Listing> out;
  auto menu = run(ConversationState{}, Input{"menu", {}}, lang);
  out.push_back({"menu", ConversationState{}, menu.replies.back().choices});
  for (const auto& flow : real_flows().flows) {
    for (const auto& step : flow.steps) {
      if (step.type != StepType::choice && step.type != StepType::confirm) continue;
      const auto state = at(flow.name, step.id);
      auto asked = run(state, Input{"help", {}}, lang);  // help repeats the question with its options
      if (asked.replies.empty() || asked.replies.back().choices.empty()) continue;
      out.push_back({flow.name + "/" + step.id, state, asked.replies.back().choices});
    }
  }
  return out;
}

TEST(EngineAnswers, EveryListedOptionIsPickedByNumberAndByTextAsByItsButton) {
  for (Lang lang : {Lang::nl, Lang::en}) {
    const auto all = listings(lang);
    ASSERT_GT(all.size(), 10u);
    for (const auto& listing : all) {
      for (std::size_t i = 0; i < listing.choices.size(); ++i) {
        const Choice& choice = listing.choices[i];
        SCOPED_TRACE(listing.where + " option " + std::to_string(i + 1) + " " + choice.label + " (" +
                     std::string(to_string(lang)) + ")");
        const auto by_button = outcome_of(run(listing.state, Input{{}, choice.key}, lang));
        EXPECT_EQ(outcome_of(run(listing.state, Input{std::to_string(i + 1), {}}, lang)), by_button);
        EXPECT_EQ(outcome_of(run(listing.state, Input{upper(choice.label), {}}, lang)), by_button);
        EXPECT_EQ(outcome_of(run(listing.state, Input{" " + choice.label + " ", {}}, lang)), by_button);
      }
    }
  }
}

struct PickRow {
  std::string name;
  std::string flow;
  std::string step;
  std::string typed;
  std::string want_step;  ///< after the answer; empty when the flow ended
  std::string want_action;
  std::string want_value = {};  ///< the value kept for `step`
};

const std::vector<PickRow> kPickRows{
    {"confirm 1 is yes", "initiative", "confirm", "1", "", "create_initiative"},
    {"confirm 2 is no", "initiative", "confirm", "2", "", ""},
    {"confirm Ja", "initiative", "confirm", "Ja", "", "create_initiative"},
    {"confirm label in capitals", "initiative", "confirm", "NEE", "", ""},
    {"forget me 1 is yes", "forgetme", "sure", "1", "", "forget_me"},
    {"choice by number", "initiative", "help", "2", "publish", "", "permission"},
    {"choice by label", "initiative", "help", "toestemming", "publish", "", "permission"},
    {"choice by label in capitals", "initiative", "help", "TOESTEMMING", "publish", "", "permission"},
    {"choice by label in the other language", "initiative", "help", "Permission", "publish", "", "permission"},
    {"choice from facts by label in capitals", "initiative", "theme", "VERKEER", "neighbourhood", "", "traffic"},
    {"choice from facts by number", "initiative", "neighbourhood", "2", "help", "", "north"},
    {"publish ja", "initiative", "publish", "ja", "confirm", "", "yes"},
    {"publish nee", "initiative", "publish", "nee", "confirm", "", "no"},
};

TEST(EngineAnswers, PickRows) {
  for (const auto& row : kPickRows) {
    SCOPED_TRACE(row.name);
    auto result = run(at(row.flow, row.step), Input{row.typed, {}}, Lang::nl);
    EXPECT_EQ(result.state.step, row.want_step) << texts(result);
    EXPECT_EQ(result.action ? result.action->name : "", row.want_action) << texts(result);
    if (!row.want_value.empty()) {
      EXPECT_EQ(result.state.values[row.step], row.want_value);
    }
  }
}

struct RefusalRow {
  std::string name;
  ConversationState state;
  Input input;
  std::string want_refusal;  ///< a piece of the refusal
  std::string want_prompt;   ///< a piece of the question asked again
  std::size_t want_choices;
};

const std::vector<RefusalRow> kRefusalRows{
    {"too short a text", at("initiative", "title"), {"kort", {}}, "", "Wat is de naam van je plan?", 0},
    {"an empty text", at("initiative", "description"), {"", {}}, "", "Vertel in een paar zinnen", 0},
    {"a number out of the list", at("initiative", "theme"), {"99", {}}, "Dat staat niet in de lijst",
     "Bij welk thema", 3},
    {"a word out of the list", at("initiative", "help"), {"ruimtevaart", {}}, "", "Wat heb je nodig", 5},
    {"an exclusive option with another", at("initiative", "help"), {"Geld, Geen", {}}, "", "Wat heb je nodig", 5},
    {"a confirm neither yes nor no", at("initiative", "confirm"), {"misschien", {}}, "Typ ja of nee",
     "Wil je het plan zo indienen?", 2},
    {"a button of no option", at("initiative", "theme"), {{}, "space"}, "Dat staat niet in de lijst", "Bij welk thema",
     3},
    {"back at the first question", at("initiative", "title"), {"terug", {}}, "Dit is de eerste vraag",
     "Wat is de naam van je plan?", 0},
    {"a photo where none is kept", at("support", "ref"), {"", {}, {"photo-1"}}, "Een foto of bestand kan ik hier niet",
     "Welk plan wil je steunen?", 1},
    {"not understood when idle", ConversationState{}, {"blabla", {}}, "Ik begrijp je niet", "Wat wil je doen?", 0},
    {"an unknown command", ConversationState{}, {"/pizza", {}}, "Die opdracht ken ik niet", "Wat wil je doen?", 0},
    {"stop with nothing running", ConversationState{}, {"stop", {}}, "Je bent nu niet met iets bezig",
     "Wat wil je doen?", 0},
};

TEST(EngineAnswers, ARefusalAndTheRepeatedQuestionAreOneMessage) {
  const auto menu_size = run(ConversationState{}, Input{"menu", {}}, Lang::nl).replies.back().choices.size();
  for (const auto& row : kRefusalRows) {
    SCOPED_TRACE(row.name);
    auto result = run(row.state, row.input, Lang::nl);
    ASSERT_EQ(result.replies.size(), 1u) << texts(result);
    const Reply& reply = result.replies.front();
    const auto blank_line = reply.text.find("\n\n");
    ASSERT_NE(blank_line, std::string::npos) << reply.text;
    EXPECT_NE(reply.text.find(row.want_refusal), std::string::npos) << reply.text;
    EXPECT_LT(reply.text.find(row.want_refusal), blank_line) << reply.text;
    EXPECT_GT(reply.text.find(row.want_prompt), blank_line) << reply.text;
    EXPECT_EQ(reply.choices.size(), row.want_choices == 0 && row.state.idle() ? menu_size : row.want_choices);
  }
}

TEST(EngineAnswers, AChannelThatShowsThemApartGetsTheRefusalAndTheQuestionAsTwoMessages) {
  const EngineSettings apart{.join_notice_and_question = false};
  for (const auto& row : kRefusalRows) {
    SCOPED_TRACE(row.name);
    auto result = run(row.state, row.input, Lang::nl, apart);
    ASSERT_EQ(result.replies.size(), 2u) << texts(result);
    EXPECT_NE(result.replies[0].text.find(row.want_refusal), std::string::npos) << result.replies[0].text;
    EXPECT_TRUE(result.replies[0].choices.empty());
    EXPECT_EQ(result.replies[1].text.find("\n\n"), std::string::npos) << result.replies[1].text;
    EXPECT_NE(result.replies[1].text.find(row.want_prompt), std::string::npos) << result.replies[1].text;
  }
}

TEST(EngineAnswers, ARefusedConfirmKeepsItsYesAndNoButtons) {
  auto result = run(at("initiative", "confirm"), Input{"misschien", {}}, Lang::nl);
  ASSERT_EQ(result.replies.size(), 1u) << texts(result);
  EXPECT_EQ(buttons(result), (std::vector<std::string>{"yes", "no"}));
}

}  // namespace
}  // namespace buurtbot::flows
