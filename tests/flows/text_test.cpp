#include "flows/text.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

TEST(Text, FillReplacesPlaceholdersOnce) {
  EXPECT_EQ(fill("Je plan {ref} heet {title}.", {{"ref", "BI-2026-0001"}, {"title", "{ref}"}}),
            "Je plan BI-2026-0001 heet {ref}.");
}

TEST(Text, FillLeavesOutLinesWhoseValueIsMissing) {
  const std::string summary = "Naam: {title}\nBedrag: {amount_label}\nKlopt dit?";
  EXPECT_EQ(fill(summary, {{"title", "Bankje"}}), "Naam: Bankje\nKlopt dit?");
  EXPECT_EQ(fill(summary, {{"title", "Bankje"}, {"amount_label", "€ 50"}}), "Naam: Bankje\nBedrag: € 50\nKlopt dit?");
  EXPECT_EQ(fill("Bedrag: {amount}\nKlopt dit?", {}), "Klopt dit?");
}

TEST(Text, FillKeepsASingleLineAndUnclosedBraces) {
  EXPECT_EQ(fill("Hallo {name}!", {}), "Hallo !");
  EXPECT_EQ(fill("Een { zonder einde", {}), "Een { zonder einde");
}

TEST(Text, SimplifyLowersAndStripsEdges) {
  EXPECT_EQ(simplify("  Stop! "), "stop");
  EXPECT_EQ(simplify("/Menu"), "menu");
  EXPECT_EQ(simplify("Geld   en\tAdvies."), "geld en advies");
}

TEST(Text, CodePointsAndLists) {
  EXPECT_EQ(code_points("🌳é a"), 4u);
  EXPECT_TRUE(list_contains("money,advice", "advice"));
  EXPECT_FALSE(list_contains("money,advice", "adv"));
  EXPECT_EQ(split_list(" a, ,b "), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace buurtbot::flows
