// The municipality asks the submitter a question about their plan (needs_info): the submitter's answer lands
// on the plan's own inbox thread, never on an unrelated open question, and the plan is back in review.
#include "bot/civic/officer_actions.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;

class PlanAnswerTest : public testing::AnnaOnTelegramTest {
 protected:
  // Anna's plan, in review, then asked about by an officer.
  storage::Initiative asked_about_plan() {
    auto plan = storage::Initiatives(db()).create(draft("Bankje bij de speeltuin", anna().id), 2026);
    EXPECT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "in_review", "", "officer:bert"),
              StatusChangeResult::ok);
    EXPECT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "needs_info", "Waar komt het bankje precies?",
                                       "officer:bert"),
              StatusChangeResult::ok);
    return plan;
  }

  storage::InboxThread general_question() {
    say("/vraag");
    say("Wanneer wordt het gras in het park gemaaid?");
    return *inbox().open_thread_of(anna().id);
  }

  std::vector<std::string> texts_of(storage::Id thread) {
    std::vector<std::string> texts;
    for (const auto& message : inbox().messages(thread)) texts.push_back(message.text);
    return texts;
  }

  // What Anna's chat was sent, all in one text.
  std::string sent_to_anna() {
    std::string all;
    for (const auto& row : storage::Outbox(db()).pending_for("telegram", "7001")) all += row.payload + "\n";
    return all;
  }

  std::string status_of(const storage::Initiative& plan) { return storage::Initiatives(db()).find(plan.ref)->status; }

  storage::Inbox inbox() { return storage::Inbox(db()); }
};

TEST_F(PlanAnswerTest, TheSubmitterIsToldToTypeTheAnswerHereNotWithVraag) {
  asked_about_plan();
  const auto told = sent_to_anna();
  EXPECT_THAT(told, HasSubstr("Waar komt het bankje precies?"));
  EXPECT_THAT(told, HasSubstr("Typ je antwoord hier"));
  EXPECT_THAT(told, ::testing::Not(HasSubstr("/vraag")));
}

TEST_F(PlanAnswerTest, PlainTextAnswersThePlanOnItsOwnThreadNotTheOpenQuestion) {
  const auto question = general_question();
  const auto plan = asked_about_plan();
  say("Bij de ingang van de speeltuin, naast de zandbak.");

  const auto thread = inbox().thread_of_initiative(plan.id);
  ASSERT_TRUE(thread);
  EXPECT_NE(thread->id, question.id);
  EXPECT_THAT(texts_of(thread->id), ::testing::ElementsAre("Bij de ingang van de speeltuin, naast de zandbak."));
  EXPECT_EQ(thread->status, "open") << "waiting for an officer";
  EXPECT_TRUE(thread->due_at);
  EXPECT_THAT(texts_of(question.id), ::testing::ElementsAre("Wanneer wordt het gras in het park gemaaid?"));
  EXPECT_EQ(status_of(plan), "in_review");
  EXPECT_THAT(sent_to_anna(), HasSubstr("We hebben je antwoord bij je plan Bankje bij de speeltuin gezet."));
}

// A channel that knows what a message is about (a mail's "[vraag 12]" or "[BI-2026-0042]") sends it there.
TEST_F(PlanAnswerTest, AMessageAboutTheQuestionGoesThereWhileThePlanWaits) {
  const auto question = general_question();
  const auto plan = asked_about_plan();
  say("Het gras is nog niet gemaaid.", {}, "vraag " + std::to_string(question.id));
  EXPECT_THAT(texts_of(question.id), ::testing::Contains("Het gras is nog niet gemaaid."));
  EXPECT_EQ(status_of(plan), "needs_info") << "the plan still waits for its answer";
}

TEST_F(PlanAnswerTest, AMessageAboutOneOfTwoWaitingPlansAnswersThatOne) {
  const auto first = asked_about_plan();
  const auto second = asked_about_plan();
  say("Bij de ingang van de speeltuin.", {}, first.ref);
  EXPECT_EQ(status_of(first), "in_review");
  EXPECT_EQ(status_of(second), "needs_info") << "not the plan asked about last";
}

TEST_F(PlanAnswerTest, AReferenceToSomeoneElsesQuestionIsNoKeyToIt) {
  say("/vraag");
  say("Wanneer wordt het gras in het park gemaaid?", {}, "");
  const auto annas = *inbox().open_thread_of(anna().id);
  // Bert names Anna's question in his mail's subject.
  InboundMessage m;
  m.channel = "email";
  m.conversation = m.sender_id = m.sender_address = "bert@buurt.example";
  m.text = "Ik schrijf mee.";
  m.about = "vraag " + std::to_string(annas.id);
  m.external_id = "<bert@buurt.example>";
  Dispatcher dispatcher(db(), config_, flows_);
  dispatcher.accept(m);
  dispatcher.drain(std::chrono::system_clock::now());
  EXPECT_THAT(texts_of(annas.id), ::testing::ElementsAre("Wanneer wordt het gras in het park gemaaid?"));
}

TEST_F(PlanAnswerTest, OnceAnsweredFreeTextGoesToTheQuestionAgain) {
  const auto question = general_question();
  const auto plan = asked_about_plan();
  say("Bij de ingang van de speeltuin.");
  say("En wie maait het gras?");
  EXPECT_EQ(texts_of(question.id).back(), "En wie maait het gras?");
  EXPECT_EQ(texts_of(inbox().thread_of_initiative(plan.id)->id).size(), 1u);
}

TEST_F(PlanAnswerTest, ASecondQuestionAboutThePlanLandsOnTheSameThread) {
  const auto plan = asked_about_plan();
  say("Bij de ingang.");
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "needs_info", "Welke kleur?", "officer:bert"),
            StatusChangeResult::ok);
  say("Groen.");
  const auto threads = inbox().threads_of(anna().id);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_THAT(texts_of(threads[0].id), ::testing::ElementsAre("Bij de ingang.", "Groen."));
}

TEST_F(PlanAnswerTest, MineLeadsToTheAnswerToo) {
  const auto plan = asked_about_plan();
  say("/mijn");
  say("1");
  say("Vraag van de gemeente beantwoorden");
  say("Bij de ingang van de speeltuin.");
  const auto thread = inbox().thread_of_initiative(plan.id);
  ASSERT_TRUE(thread);
  EXPECT_THAT(texts_of(thread->id), ::testing::ElementsAre("Bij de ingang van de speeltuin."));
  EXPECT_EQ(status_of(plan), "in_review");
}

TEST_F(PlanAnswerTest, APlanThatDoesNotWaitIsNotAnswered) {
  auto plan = storage::Initiatives(db()).create(draft("Bankje", anna().id), 2026);
  say("Het bankje komt bij de ingang.");
  EXPECT_FALSE(inbox().thread_of_initiative(plan.id));
  EXPECT_EQ(status_of(plan), "submitted");
}

}  // namespace
}  // namespace buurtbot
