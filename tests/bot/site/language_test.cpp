#include "bot/site/language.hpp"

#include <gtest/gtest.h>

namespace buurtbot::site {
namespace {

using flows::Lang;

TEST(VisitorLanguage, TheQueryWinsOverTheBrowser) {
  EXPECT_EQ(visitor_language("en", "nl-NL,nl;q=0.9"), Lang::en);
  EXPECT_EQ(visitor_language("nl", "en-GB"), Lang::nl);
}

TEST(VisitorLanguage, TheBrowsersFavouriteOfDutchAndEnglishCounts) {
  EXPECT_EQ(visitor_language("", "en-GB,en;q=0.9,nl;q=0.8"), Lang::en);
  EXPECT_EQ(visitor_language("", "de-DE, en;q=0.5, nl;q=0.7"), Lang::nl);
  EXPECT_EQ(visitor_language("", "fr, en;q=0.1"), Lang::en);
}

TEST(VisitorLanguage, DutchWhenNothingElseIsKnown) {
  EXPECT_EQ(visitor_language("", ""), Lang::nl);
  EXPECT_EQ(visitor_language("fr", "de, fr;q=0.8"), Lang::nl);
  EXPECT_EQ(visitor_language("", "en;q=nonsense"), Lang::nl);
}

}  // namespace
}  // namespace buurtbot::site
