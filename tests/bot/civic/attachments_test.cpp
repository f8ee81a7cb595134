// Photos and files a resident sends reach storage with the plan or the question they belong to.
#include "bot/pipeline/dispatcher.hpp"

#include "bot/civic/actions.hpp"

#include "adapters/telegram/parse.hpp"

#include "storage/attachments.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace buurtbot {
namespace {

class AttachmentsTest : public testing::AnnaOnTelegramTest {
 protected:
  std::vector<storage::StoredAttachment> of_last_message() {
    storage::Inbox inbox(db());
    auto thread = inbox.open_thread_of(anna().id);
    EXPECT_TRUE(thread);
    return thread ? storage::Attachments(db()).of_message(inbox.messages(thread->id).back().id)
                  : std::vector<storage::StoredAttachment>{};
  }

  const Attachment photo_{"photo", "AgACAgQAAxkBAAIB-photo", ""};
  const Attachment drawing_{"document", "BQACAgQAAxkBAAIC-doc", "tekening.pdf"};
};

TEST_F(AttachmentsTest, APhotoWithTheQuestionIsKeptWithItsMessage) {
  say("/vraag");
  say("Wanneer wordt deze stoep hersteld?", {photo_});
  auto kept = of_last_message();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].channel, "telegram");
  EXPECT_EQ(kept[0].kind, "photo");
  EXPECT_EQ(kept[0].ref, "AgACAgQAAxkBAAIB-photo");
}

TEST_F(AttachmentsTest, APhotoAloneIsAddedToTheOpenQuestion) {
  say("/vraag");
  say("Wanneer wordt de stoep hersteld?");
  say("", {drawing_});
  auto kept = of_last_message();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].name, "tekening.pdf");
}

TEST_F(AttachmentsTest, PhotosSentDuringAPlanGoWithThePlan) {
  say("/initiatief");
  say("", {photo_});
  say("Bankje bij de speeltuin");
  say("Een bankje zodat ouders kunnen zitten bij de speeltuin.", {drawing_});
  say("1");
  say("1");
  say("4");
  say("ja");  // may be on the website
  say("ja");
  auto plans = storage::Initiatives(db()).list({});
  ASSERT_EQ(plans.size(), 1u);
  auto kept = storage::Attachments(db()).of_initiative(plans[0].id);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].ref, photo_.ref);
  EXPECT_EQ(kept[1].ref, drawing_.ref);
}

TEST_F(AttachmentsTest, ATelegramPhotoWithACaptionKeepsItsLargestSize) {
  std::ifstream file(std::string(BUURTBOT_SOURCE_DIR) + "/tests/fixtures/telegram/update_photo_caption.json");
  std::stringstream body;
  body << file.rdbuf();
  auto parsed = adapters::telegram::parse_update(body.str(), {.bot_username = "buurtbot_test_bot"});
  ASSERT_TRUE(parsed.message);
  auto question = *parsed.message;
  question.text = "/vraag";
  question.attachments.clear();
  question.external_id = "1";
  Dispatcher dispatcher(db(), config_, flows_);
  dispatcher.accept(question);
  dispatcher.accept(*parsed.message);
  dispatcher.drain(std::chrono::system_clock::now());
  auto resident = storage::Residents(db()).find_or_create("telegram", "246813579", "246813579", "Sanne", "nl");
  storage::Inbox inbox(db());
  auto thread = inbox.open_thread_of(resident.id);
  ASSERT_TRUE(thread);
  const auto message = inbox.messages(thread->id).front();
  EXPECT_EQ(message.text, "Kapot bankje bij de speeltuin 🪑");
  auto kept = storage::Attachments(db()).of_message(message.id);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].ref, "AgACAgQAAxkBAAIBM2Wk_large");
}

TEST_F(AttachmentsTest, MyDataMentionsThemAndForgetMeTakesThemAlong) {
  say("/vraag");
  say("Wanneer wordt deze stoep hersteld?", {photo_, drawing_});
  const auto resident = anna();
  EXPECT_NE(describe_resident_data(db(), config_, flows_, resident).find("stoep hersteld? [foto] [bestand: tekening.pdf]"),
            std::string::npos);
  storage::Residents(db()).forget(resident.id);
  auto count = db().prepare("SELECT COUNT(*) FROM attachments");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int_at(0), 0);
}

TEST_F(AttachmentsTest, AStoppedPlanKeepsNothing) {
  say("/initiatief");
  say("", {photo_});
  say("stop");
  auto count = db().prepare("SELECT COUNT(*) FROM attachments");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int_at(0), 0);
}

}  // namespace
}  // namespace buurtbot
