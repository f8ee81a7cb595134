#include "flows/preferred_lang.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

TEST(PreferredLang, TheChoiceWinsOverTheWishes) {
  EXPECT_EQ(preferred_lang("en", {"nl-NL", "nl"}), Lang::en);
  EXPECT_EQ(preferred_lang("nl", {"en-GB"}), Lang::nl);
}

TEST(PreferredLang, TheFirstWishThatIsDutchOrEnglishCounts) {
  EXPECT_EQ(preferred_lang("", {"de-DE", "en", "nl"}), Lang::en);
  EXPECT_EQ(preferred_lang("", {"fr", "nl-BE", "en"}), Lang::nl);
}

TEST(PreferredLang, DutchWhenNothingElseIsKnown) {
  EXPECT_EQ(preferred_lang("", {}), Lang::nl);
  EXPECT_EQ(preferred_lang("fr", {"de", "fr"}), Lang::nl);
}

}  // namespace
}  // namespace buurtbot::flows
