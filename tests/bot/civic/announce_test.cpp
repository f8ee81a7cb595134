// Officers hear of a resident's new question and of every later message in it, in their group chat.
#include "bot/civic/announce.hpp"

#include "bot/pipeline/dispatcher.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr const char* kOfficersChat = "-1009876543210";

class AnnounceTest : public testing::AnnaOnTelegramTest {
 protected:
  void with_officers_chat() {
    config_.inbox.announce_channel = "telegram";
    config_.inbox.announce_address = kOfficersChat;
  }

  std::vector<std::string> announced() {
    std::vector<std::string> texts;
    for (const auto& row : storage::Outbox(db()).pending_for("telegram", kOfficersChat))
      texts.push_back(nlohmann::json::parse(row.payload).at("text").get<std::string>());
    return texts;
  }
};

TEST_F(AnnounceTest, ANewQuestionAndALaterMessageReachTheOfficersChat) {
  with_officers_chat();
  say("/vraag");
  say("Wanneer wordt de stoep in de Dorpsstraat hersteld?");
  say("Het gaat om het stuk bij de bakker.");
  const auto texts = announced();
  ASSERT_THAT(texts, SizeIs(2));
  EXPECT_THAT(texts[0], AllOf(HasSubstr("Nieuwe vraag #"), HasSubstr("Anna"), HasSubstr("Telegram"),
                              HasSubstr("stoep in de Dorpsstraat")));
  EXPECT_THAT(texts[1], AllOf(HasSubstr("Nieuw bericht bij vraag #"), HasSubstr("stuk bij de bakker")));
}

TEST_F(AnnounceTest, NothingIsAnnouncedWithoutAnOfficersChat) {
  say("/vraag");
  say("Wanneer wordt de stoep in de Dorpsstraat hersteld?");
  EXPECT_THAT(announced(), IsEmpty());
  EXPECT_EQ(storage::Outbox(db()).pending_for("telegram", "").size(), 0u);
}

TEST_F(AnnounceTest, TheAnnouncementSpeaksTheMunicipalitysDefaultLanguage) {
  with_officers_chat();
  config_.locale.default_language = "en";
  say("/vraag");
  say("When will the pavement be repaired?");
  ASSERT_THAT(announced(), SizeIs(1));
  EXPECT_THAT(announced()[0], AllOf(HasSubstr("New question #"), HasSubstr("Answer it in the inbox.")));
}

TEST(Shortened, CutsOnACharacterBoundaryAndMarksTheCut) {
  EXPECT_EQ(shortened("kort", 10), "kort");
  EXPECT_EQ(shortened("abcdef", 3), "abc…");
  // "é" is two bytes: a cut inside it goes back to before it.
  EXPECT_EQ(shortened("caé", 3), "ca…");
}

}  // namespace
}  // namespace buurtbot
