#include "flows/loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

namespace buurtbot::flows {
namespace {

const std::filesystem::path kFlows = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "flows";
const std::filesystem::path kFixtures = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests" / "fixtures" / "flows";

LoadResult load_fixtures(const std::vector<std::string>& names) {
  std::vector<std::filesystem::path> files;
  for (const auto& name : names) files.push_back(kFixtures / name);
  return load_flow_files(files, kFlows / kMessagesFile);
}

struct Expected {
  std::string file;  ///< file name only
  int line;
  std::string message;
};

void expect_contains(const LoadResult& result, const Expected& expected) {
  const auto found = std::any_of(result.errors.begin(), result.errors.end(), [&](const FlowError& e) {
    return std::filesystem::path(e.file).filename() == expected.file && e.line == expected.line &&
           e.message == expected.message;
  });
  EXPECT_TRUE(found) << "no error " << expected.file << ":" << expected.line << ": " << expected.message;
}

void expect_errors(const LoadResult& result, const std::vector<Expected>& expected) {
  std::vector<std::string> got;
  for (const auto& e : result.errors)
    got.push_back(std::filesystem::path(e.file).filename().string() + ":" + std::to_string(e.line) + ": " + e.message);
  std::vector<std::string> want;
  for (const auto& e : expected) want.push_back(e.file + ":" + std::to_string(e.line) + ": " + e.message);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

TEST(FlowLoader, RealFlowsLoadWithoutErrors) {
  auto result = load_flows(kFlows);
  for (const auto& error : result.errors) ADD_FAILURE() << format(error);
  EXPECT_EQ(result.flows.flows.size(), 21u);
  EXPECT_EQ(result.flows.menu().size(), 10u);
  ASSERT_NE(result.flows.by_command("initiatief"), nullptr);
  EXPECT_EQ(result.flows.by_command("initiatief")->name, "initiative");
  EXPECT_EQ(result.flows.find("initiative")->find("amount")->validation.kind, InputKind::amount);
  EXPECT_TRUE(result.flows.find("initiative")->find("title")->validation.single_line);
  EXPECT_FALSE(result.flows.find("initiative")->find("description")->validation.single_line);
}

TEST(FlowLoader, EveryTextOfTheRealFlowsHasBothLanguages) {
  auto result = load_flows(kFlows);
  for (const auto& [key, text] : result.flows.messages) {
    EXPECT_FALSE(text.nl.empty()) << key;
    EXPECT_FALSE(text.en.empty()) << key;
  }
  for (const auto& flow : result.flows.flows)
    for (const auto& step : flow.steps)
      for (const auto& [code, text] : step.outcomes) EXPECT_FALSE(text.nl.empty() || text.en.empty()) << flow.name << code;
}

TEST(FlowLoader, MissingEnglishNamesStepAndLine) {
  auto result = load_fixtures({"missing_en.yaml"});
  expect_errors(result, {{"missing_en.yaml", 15, "step 'theme': missing English text (en)"}});
}

TEST(FlowLoader, MissingDutchInTitleAndOption) {
  auto result = load_fixtures({"missing_nl.yaml"});
  expect_errors(result, {
                            {"missing_nl.yaml", 3, "missing Dutch text (nl)"},
                            {"missing_nl.yaml", 13, "step 'pick': option 'b': missing Dutch text (nl)"},
                            {"missing_nl.yaml", 16, "step 'done': an end step with outcomes needs an action"},
                        });
}

TEST(FlowLoader, UnknownStepTypeAndUnknownKeys) {
  auto result = load_fixtures({"unknown_type_and_key.yaml"});
  expect_errors(result, {
                            {"unknown_type_and_key.yaml", 4, "unknown key 'colour'"},
                            {"unknown_type_and_key.yaml", 7,
                             "step 'one': unknown step type 'question' (use text, choice, confirm or end)"},
                            {"unknown_type_and_key.yaml", 12, "step 'two': unknown key 'lenght'"},
                        });
}

TEST(FlowLoader, ReferencesThatPointNowhere) {
  auto result = load_fixtures({"dangling.yaml"});
  expect_errors(result, {
                            {"dangling.yaml", 8, "step 'one': next 'nowhere' is not a step in this flow"},
                            {"dangling.yaml", 13, "step 'two': next 'missing_step' is not a step in this flow"},
                            {"dangling.yaml", 14, "step 'two': start 'no_such_flow' is not a flow"},
                            {"dangling.yaml", 18, "step 'three': no_next 'gone' is not a step in this flow"},
                            {"dangling.yaml", 19, "step 'three': when field 'nothing' is not a step in this flow"},
                        });
}

TEST(FlowLoader, DuplicateStepIdAndCommand) {
  std::vector<std::filesystem::path> files{kFlows / "support.yaml", kFixtures / "duplicates.yaml"};
  auto result = load_flow_files(files, kFlows / kMessagesFile);
  expect_errors(result, {
                            {"duplicates.yaml", 2,
                             "command 'steun' is already used by flow 'support' (" + (kFlows / "support.yaml").string() + ")"},
                            {"duplicates.yaml", 8, "duplicate step id 'one'"},
                        });
}

TEST(FlowLoader, UnknownSourceKindRegexAndAction) {
  auto result = load_fixtures({"unknown_values.yaml"});
  ASSERT_EQ(result.errors.size(), 4u);
  EXPECT_EQ(result.errors[0].line, 8);
  EXPECT_EQ(result.errors[0].message,
            "step 'where': unknown options_from 'streets' (use themes, neighbourhoods, workgroups, my_initiatives, "
            "followed_initiatives or open_initiatives)");
  EXPECT_EQ(result.errors[1].line, 12);
  EXPECT_EQ(result.errors[1].message, "step 'size': unknown kind 'colour' (use number, amount, email, postcode or reference)");
  EXPECT_EQ(result.errors[2].line, 16);
  EXPECT_EQ(result.errors[2].message.rfind("step 'code': pattern is not a valid regular expression", 0), 0u);
  EXPECT_EQ(result.errors[3].line, 19);
  EXPECT_EQ(result.errors[3].message, "step 'done': unknown action 'launch_rocket'");
}

TEST(FlowLoader, EndStepsWithOutcomesButNoActionOrMissingFields) {
  auto result = load_fixtures({"end_steps.yaml"});
  expect_errors(result, {
                            {"end_steps.yaml", 11, "step 'quiet': an end step with outcomes needs an action"},
                            {"end_steps.yaml", 13,
                             "step 'support': action 'support' needs a field 'ref': a step with that id, or an entry in with"},
                        });
}

TEST(FlowLoader, YamlSyntaxErrorHasALine) {
  auto result = load_fixtures({"not_yaml.yaml"});
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_GT(result.errors[0].line, 0);
  EXPECT_EQ(result.errors[0].message.rfind("not valid YAML: ", 0), 0u);
}

TEST(FlowLoader, AllErrorsOfAllFilesAreCollected) {
  auto result = load_fixtures({"missing_en.yaml", "missing_nl.yaml", "unknown_type_and_key.yaml", "dangling.yaml",
                               "unknown_values.yaml", "end_steps.yaml", "not_yaml.yaml"});
  EXPECT_EQ(result.errors.size(), 1u + 3u + 3u + 5u + 4u + 2u + 1u);
}

TEST(FlowLoader, MessagesNeedEveryKeyAndBothLanguages) {
  auto result = load_flow_files({}, kFixtures / "messages_incomplete" / "messages.yaml");
  ASSERT_FALSE(result.ok());
  const auto english = std::find_if(result.errors.begin(), result.errors.end(), [](const FlowError& e) { return e.line == 1; });
  ASSERT_NE(english, result.errors.end());
  EXPECT_EQ(format(*english), (kFixtures / "messages_incomplete" / "messages.yaml").string() +
                                  ":1: message 'menu_prompt': missing English text (en)");
  auto missing = std::count_if(result.errors.begin(), result.errors.end(),
                               [](const FlowError& e) { return e.message == "missing message 'back_at_first'"; });
  EXPECT_EQ(missing, 1);
}

TEST(FlowLoader, AMissingMessageSaysWhichPlaceholdersItTakes) {
  auto result = load_flow_files({}, kFixtures / "messages_incomplete" / "messages.yaml");
  expect_contains(result, {"messages.yaml", 0,
                           "missing message 'notify_status' (this text may use {ref}, {title}, {status}, {meaning}, {answer}, {page})"});
  expect_contains(result, {"messages.yaml", 0, "missing message 'data_export' (this text may use {name}, {language}, "
                                               "{home}, {since}, {channels}, {notified_on}, {initiatives}, {following}, "
                                               "{supporting}, {workgroups}, {questions})"});
  expect_contains(result, {"messages.yaml", 0, "missing message 'status_in_review'"});
}

TEST(FlowLoader, APlaceholderTheBotDoesNotFillIsAnErrorAtItsLine) {
  auto result = load_flow_files({}, kFixtures / "messages_placeholders" / "messages.yaml");
  expect_contains(result, {"messages.yaml", 4, "message 'choice_invalid': unknown placeholder {aantal}; this text may use {count}"});
  expect_contains(result, {"messages.yaml", 6,
                           "message 'notify_status': unknown placeholder {titel}; this text may use {ref}, {title}, "
                           "{status}, {meaning}, {answer}, {page}"});
  const auto placeholder_errors = std::count_if(result.errors.begin(), result.errors.end(), [](const FlowError& e) {
    return e.message.find("placeholder {") != std::string::npos;
  });
  EXPECT_EQ(placeholder_errors, 2) << "{count} and {title} are filled by the bot";
}

TEST(FlowLoader, ErrorsComeInFileAndLineOrder) {
  auto result = load_fixtures({"unknown_values.yaml", "dangling.yaml"});
  EXPECT_TRUE(std::is_sorted(result.errors.begin(), result.errors.end(), [](const FlowError& a, const FlowError& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  }));
}

TEST(FlowLoader, MissingFolder) {
  auto result = load_flows(kFixtures / "no_such_folder");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 0);
}

TEST(FlowLoader, FormatError) {
  EXPECT_EQ(format({"flows/initiative.yaml", 14, "step 'theme': missing English text (en)"}),
            "flows/initiative.yaml:14: step 'theme': missing English text (en)");
  EXPECT_EQ(format({"flows/messages.yaml", 0, "missing message 'yes'"}), "flows/messages.yaml: missing message 'yes'");
}

}  // namespace
}  // namespace buurtbot::flows
