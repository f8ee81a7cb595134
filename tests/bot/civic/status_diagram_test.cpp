// The README's diagram of the statuses of a plan ("### The statuses of a plan") stays true to
// bot/civic/status.cpp: every state in it, its straight arrows officers' moves in the order of a plan's
// life, and the submitter's withdrawal from exactly the states it names.
#include "bot/civic/status.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace buurtbot {
namespace {

using Arrow = std::pair<std::string, std::string>;

// The first code block under the README's heading for the statuses of a plan.
std::string readme_diagram() {
  std::ifstream in(std::string(BUURTBOT_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const auto readme = text.str();
  const auto section = readme.find("### The statuses of a plan");
  EXPECT_NE(section, std::string::npos) << "README.md has a section on the statuses of a plan";
  if (section == std::string::npos) return {};
  const auto open = readme.find("```\n", section);
  if (open == std::string::npos) return {};
  const auto start = open + 4;
  return readme.substr(start, readme.find("```", start) - start);
}

// The "a ──> b" arrows on one line, in the order they are drawn.
std::vector<Arrow> straight_arrows(const std::string& diagram) {
  std::vector<Arrow> arrows;
  const std::regex arrow(R"((\w+) ──> (\w+))");
  for (std::sregex_iterator it(diagram.begin(), diagram.end(), arrow), end; it != end; ++it)
    arrows.emplace_back((*it)[1], (*it)[2]);
  return arrows;
}

// The states named after "from" on the withdrawn line.
std::vector<std::string> withdrawable_in(const std::string& diagram) {
  const auto line_start = diagram.find("withdrawn  <──");
  if (line_start == std::string::npos) return {};
  const auto line = diagram.substr(line_start, diagram.find('\n', line_start) - line_start);
  const auto from = line.substr(line.find(" from ") + 6);
  std::vector<std::string> states;
  const std::regex word(R"(\w+)");
  for (std::sregex_iterator it(from.begin(), from.end(), word), end; it != end; ++it)
    if ((*it)[0] != "or") states.push_back((*it)[0]);
  return states;
}

TEST(StatusDiagram, TheReadmeNamesEveryState) {
  const auto diagram = readme_diagram();
  for (auto status : all_statuses())
    EXPECT_TRUE(std::regex_search(diagram, std::regex("\\b" + std::string(status) + "\\b"))) << status;
}

TEST(StatusDiagram, ItsStraightArrowsAreOfficersMovesInTheOrderOfAPlansLife) {
  const auto arrows = straight_arrows(readme_diagram());
  ASSERT_FALSE(arrows.empty());
  const auto statuses = all_statuses();
  const auto rank = [&](const std::string& s) { return std::find(statuses.begin(), statuses.end(), s) - statuses.begin(); };
  for (const auto& [from, to] : arrows) {
    EXPECT_TRUE(can_change_status(from, to, Changer::officer)) << from << " ──> " << to;
    EXPECT_LT(rank(from), rank(to)) << from << " ──> " << to;
  }
}

TEST(StatusDiagram, TheSubmitterWithdrawsFromTheStatesItNames) {
  const auto named = withdrawable_in(readme_diagram());
  ASSERT_FALSE(named.empty());
  for (auto status : all_statuses())
    EXPECT_EQ(std::find(named.begin(), named.end(), status) != named.end(),
              can_change_status(status, "withdrawn", Changer::submitter))
        << status;
}

}  // namespace
}  // namespace buurtbot
