#include "bot/core/text.hpp"

#include <gtest/gtest.h>

namespace buurtbot {
namespace {

TEST(CoreText, TrimDropsWhitespaceAtEitherEndOnly) {
  EXPECT_EQ(trim(" \t Bankje bij  de speeltuin\r\n"), "Bankje bij  de speeltuin");
  EXPECT_EQ(trim(" \n\t "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(CoreText, LowerChangesAsciiLettersOnly) {
  EXPECT_EQ(lower("Content-Type: ÉÉN"), "content-type: ÉÉn");
  EXPECT_EQ(lower("/KOPPEL"), "/koppel");
}

TEST(CoreText, CodePointsCountCharactersNotBytes) {
  EXPECT_EQ(code_points("🌳é a"), 4u);
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("€ 1.250"), 7u);
}

}  // namespace
}  // namespace buurtbot
