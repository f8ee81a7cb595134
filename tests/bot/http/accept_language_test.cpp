#include "bot/http/accept_language.hpp"

#include <gtest/gtest.h>

namespace buurtbot::http {
namespace {

using Tags = std::vector<std::string>;

TEST(AcceptLanguage, TheHighestQComesFirst) {
  EXPECT_EQ(accepted_languages("en-GB,en;q=0.9,nl;q=0.8"), (Tags{"en-GB", "en", "nl"}));
  EXPECT_EQ(accepted_languages("de-DE, en;q=0.5, nl;q=0.7"), (Tags{"de-DE", "nl", "en"}));
  EXPECT_EQ(accepted_languages("fr, en;q=0.1"), (Tags{"fr", "en"}));
}

TEST(AcceptLanguage, OfEqualWeightsTheFirstNamedComesFirst) {
  EXPECT_EQ(accepted_languages("nl;q=0.5, en;q=0.5, de"), (Tags{"de", "nl", "en"}));
}

TEST(AcceptLanguage, LeavesOutWhatIsNotWantedOrCannotBeRead) {
  EXPECT_EQ(accepted_languages(""), Tags{});
  EXPECT_EQ(accepted_languages("en;q=nonsense"), Tags{});
  EXPECT_EQ(accepted_languages("en;q=0, nl"), Tags{"nl"});
  EXPECT_EQ(accepted_languages(" , ;q=0.5"), Tags{});
}

}  // namespace
}  // namespace buurtbot::http
