// A resident's later messages: added to their question, reopening it shortly after it was resolved.
#include "bot/pipeline/dispatcher.hpp"

#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot {
namespace {

class QuestionTest : public testing::AnnaOnTelegramTest {
 protected:
  storage::InboxThread asked() {
    say("/vraag");
    say("Wanneer wordt de stoep in de Dorpsstraat hersteld?");
    auto threads = inbox().threads_of(anna().id);
    EXPECT_EQ(threads.size(), 1u);
    return threads.at(0);
  }

  storage::Inbox inbox() { return storage::Inbox(db()); }

  std::string status_of(storage::Id thread) { return inbox().find(thread)->status; }
};

TEST_F(QuestionTest, AMessageSoonAfterResolvingReopensTheQuestion) {
  const auto thread = asked();
  inbox().set_status(thread.id, "resolved");
  say("Dank je, maar het is nog steeds kapot.");
  EXPECT_EQ(status_of(thread.id), "open");
  EXPECT_EQ(inbox().messages(thread.id).back().text, "Dank je, maar het is nog steeds kapot.");
  EXPECT_EQ(inbox().threads_of(anna().id).size(), 1u);
}

TEST_F(QuestionTest, AMessageLongAfterResolvingGetsTheMenu) {
  const auto thread = asked();
  inbox().set_status(thread.id, "resolved");
  db().prepare("UPDATE inbox_threads SET resolved_at = '2020-01-01T00:00:00Z'").run();
  say("Hallo, ik heb nog iets.");
  EXPECT_EQ(status_of(thread.id), "resolved");
  EXPECT_EQ(inbox().messages(thread.id).size(), 1u);
}

TEST_F(QuestionTest, ANewQuestionAfterResolvingOpensANewThread) {
  const auto thread = asked();
  inbox().set_status(thread.id, "resolved");
  say("/vraag");
  say("Mag ik een container op straat zetten?");
  EXPECT_EQ(status_of(thread.id), "resolved");
  EXPECT_EQ(inbox().threads_of(anna().id).size(), 2u);
}

}  // namespace
}  // namespace buurtbot
