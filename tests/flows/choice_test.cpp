#include "flows/choice.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

// The "help asked" options of the initiative flow.
const std::vector<Option> kHelpOptions{
    {"money", {"Geld", "Money"}, "", "", false},   {"permission", {"Toestemming", "Permission"}, "", "", false},
    {"space", {"Ruimte", "Space"}, "", "", false}, {"advice", {"Advies", "Advice"}, "", "", false},
    {"none", {"Geen", "None"}, "", "", true},
};

std::vector<ShownOption> help_options() {
  std::vector<ShownOption> shown;
  for (const auto& option : kHelpOptions) shown.push_back({option.key, option.label.nl, &option});
  return shown;
}

std::vector<ShownOption> fact_options() {
  return {{"12", "Groen (Groen)", nullptr}, {"7", "Verkeer (Verkeer) · je bent lid", nullptr}};
}

struct Row {
  std::string text;
  std::vector<std::size_t> picked;  ///< empty means refused
  std::string error = {};
};

void check_rows(const std::vector<ShownOption>& options, bool multiple, const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    SCOPED_TRACE("input: '" + row.text + "'");
    auto picked = pick(options, Input{row.text, {}}, multiple);
    EXPECT_EQ(picked.ok, !row.picked.empty());
    EXPECT_EQ(picked.indices, row.picked);
    if (!row.error.empty()) {
      EXPECT_EQ(picked.error, row.error);
    }
  }
}

TEST(Choice, MultiplePicksByNumberKeyOrLabelInEitherLanguage) {
  check_rows(help_options(), true,
             {
                 {"1, 3", {0, 2}},
                 {"1 3", {0, 2}},
                 {"3,1", {0, 2}},
                 {"1;4", {0, 3}},
                 {"geld en advies", {0, 3}},
                 {"money, advice", {0, 3}},
                 {"Money and Advice!", {0, 3}},
                 {"GELD", {0}},
                 {"1, 1, geld", {0}},
                 {"5", {4}},
                 {"geen", {4}},
                 {"none.", {4}},
                 {"1, 5", {}, "choice_exclusive"},
                 {"geld en geen", {}, "choice_exclusive"},
                 {"1, 9", {}, "choice_invalid_multiple"},
                 {"geld en taart", {}, "choice_invalid_multiple"},
                 {"", {}, "choice_invalid_multiple"},
                 {"0", {}, "choice_invalid_multiple"},
             });
}

TEST(Choice, ExclusiveErrorNamesTheOption) {
  auto picked = pick(help_options(), Input{"1, 5", {}}, true);
  EXPECT_EQ(picked.vars.at("label"), "Geen");
  EXPECT_EQ(picked.vars.at("count"), "5");
}

TEST(Choice, SinglePicksOneAndRefusesOutOfRange) {
  check_rows(fact_options(), false,
             {
                 {"1", {0}},
                 {" 2. ", {1}},
                 {"groen (groen)", {0}},
                 {"12", {}, "choice_invalid"},  // a number is a position, never a key
                 {"3", {}, "choice_invalid"},
                 {"1, 2", {}, "choice_one_only"},
                 {"fietsen", {}, "choice_invalid"},
             });
}

TEST(Choice, ButtonSelectsByKeyDirectly) {
  auto picked = pick(fact_options(), Input{{}, "7"}, false);
  ASSERT_TRUE(picked.ok);
  EXPECT_EQ(picked.indices, std::vector<std::size_t>{1});
  EXPECT_FALSE(pick(fact_options(), Input{{}, "99"}, false).ok);
}

TEST(Choice, HugeTextIsRefusedQuietly) {
  const std::string huge(10 * 1024, 'x');
  EXPECT_FALSE(pick(help_options(), Input{huge, {}}, true).ok);
  std::string many_numbers;
  for (int i = 0; i < 3000; ++i) many_numbers += "1 ";
  EXPECT_TRUE(pick(help_options(), Input{many_numbers, {}}, true).ok);
}

}  // namespace
}  // namespace buurtbot::flows
