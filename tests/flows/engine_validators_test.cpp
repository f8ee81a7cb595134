// Every validator through the engine, with a fixture flow: the error says how to fix it, then the
// same step is asked again; a good answer is stored normalised.

#include "tests/flows/fake_facts.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

using testing::texts;

const FlowSet& fixture_flows() {
  static const LoadResult loaded = [] {
    const std::filesystem::path root(BUURTBOT_SOURCE_DIR);
    auto result = load_flow_files({root / "tests/fixtures/flows/validators.yaml"}, root / "flows/messages.yaml");
    for (const auto& error : result.errors) ADD_FAILURE() << format(error);
    return result;
  }();
  return loaded.flows;
}

struct Row {
  std::string step;
  std::string input;
  std::string want_step;   ///< step after the input
  std::string want_value;  ///< stored value of `step`, when accepted
  std::string want_error;  ///< first reply, when refused
};

const std::vector<Row> kRows{
    {"postcode", "0123 AB", "postcode", "",
     "Dit is geen postcode. Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 4811 AB."},
    {"postcode", "1234 SA", "postcode", "", "Dit is geen postcode."},
    {"postcode", "4811ab", "email", "4811 AB", ""},
    {"email", "jan(at)example.nl", "email", "", "Dit is geen e-mailadres."},
    {"email", "jan@example.nl", "people", "jan@example.nl", ""},
    {"people", "veel", "people", "", "Dit is geen getal. Typ alleen cijfers, bijvoorbeeld 12."},
    {"people", "0", "people", "", "Dit getal is te laag. Typ 1 of meer."},
    {"people", "51", "people", "", "Dit getal is te hoog. Typ 50 of minder."},
    {"people", "4", "code", "4", ""},
    {"code", "abc-12", "code", "", "De code is 3 hoofdletters, een streepje en 2 cijfers, bijvoorbeeld ABC-12."},
    {"code", "ABC-12", "remark", "ABC-12", ""},
    {"remark", "-", "", "", ""},
    {"remark", "Dit is veel te lang voor dit veld", "remark", "", "Dit is te lang."},
};

TEST(EngineValidators, Rows) {
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.step + " ← '" + row.input + "'");
    testing::FakeFacts facts;
    const auto now = testing::kStart;
    ConversationState state{"register", row.step, {}, {}, now};
    auto result = step(fixture_flows(), state, Input{row.input, {}}, facts, Lang::nl, now, EngineSettings{});
    EXPECT_EQ(result.state.step, row.want_step);
    if (!row.want_error.empty()) {
      ASSERT_EQ(result.replies.size(), 1u);  // the error above the question asked again
      EXPECT_EQ(result.replies[0].text.rfind(row.want_error, 0), 0u) << result.replies[0].text;
    }
    if (!row.want_value.empty()) {
      EXPECT_EQ(result.state.values.at(row.step), row.want_value);
    }
  }
}

TEST(EngineValidators, OptionalStepSkippedAndWithFieldsReachTheAction) {
  testing::FakeFacts facts;
  ConversationState state{"register", "remark", {{"postcode", "4811 AB"}}, {"postcode"}, testing::kStart};
  auto result = step(fixture_flows(), state, Input{"overslaan", {}}, facts, Lang::nl, testing::kStart, {});
  ASSERT_TRUE(result.action);
  EXPECT_EQ(result.action->fields.at("question"), "aanmelding");
  EXPECT_EQ(result.action->fields.at("postcode"), "4811 AB");
  EXPECT_EQ(result.action->fields.at("remark"), "");
}

TEST(EngineValidators, ErrorsInEnglish) {
  testing::FakeFacts facts;
  ConversationState state{"register", "postcode", {}, {}, testing::kStart};
  auto result = step(fixture_flows(), state, Input{"12345", {}}, facts, Lang::en, testing::kStart, {});
  EXPECT_NE(texts(result).find("This is not a postcode."), std::string::npos);
  EXPECT_NE(texts(result).find("What is your postcode"), std::string::npos);
}

}  // namespace
}  // namespace buurtbot::flows
