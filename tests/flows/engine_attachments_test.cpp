// Photos and files: kept for a plan or a question, added to an open question, and refused clearly elsewhere.

#include "tests/flows/fake_facts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

using ::testing::HasSubstr;
using testing::Chat;
using testing::texts;

const std::string kPhoto = R"({"kind":"photo","ref":"AgAD-photo-1","name":""})";
const std::string kDocument = R"({"kind":"document","ref":"BQAD-doc-2","name":"tekening.pdf"})";

StepResult send_with(Chat& chat, const std::string& text, std::vector<std::string> attachments) {
  return chat.run(Input{text, {}, std::move(attachments)});
}

TEST(Attachments, APhotoWithoutTextIsKeptAndTheStepAskedAgain) {
  Chat chat;
  chat.send("/initiatief");
  auto kept = send_with(chat, "", {kPhoto});
  EXPECT_THAT(texts(kept), HasSubstr("Ik heb je foto of bestand bewaard"));
  EXPECT_THAT(texts(kept), HasSubstr("Wat is de naam van je plan?"));
  EXPECT_EQ(kept.state.step, "title");
  EXPECT_EQ(kept.state.values.at("attachments"), kPhoto);
}

TEST(Attachments, ACaptionAnswersTheStepAndEveryAttachmentReachesTheAction) {
  Chat chat;
  chat.send("/initiatief");
  send_with(chat, "Bankje bij de speeltuin", {kPhoto});
  auto described = send_with(chat, "Een bankje zodat ouders kunnen zitten bij de speeltuin.", {kDocument});
  EXPECT_EQ(described.state.step, "theme");
  chat.send("1");
  chat.send("1");
  chat.send("4");
  StepResult done;
  for (int guard = 0; guard < 6 && !done.action; ++guard) done = chat.send("ja");
  ASSERT_TRUE(done.action) << texts(done);
  EXPECT_EQ(done.action->name, "create_initiative");
  EXPECT_EQ(done.action->fields.at("attachments"), kPhoto + "\n" + kDocument);
}

TEST(Attachments, StoppingAPlanForgetsItsAttachments) {
  Chat chat;
  chat.send("/initiatief");
  send_with(chat, "", {kPhoto});
  auto stopped = chat.send("stop");
  EXPECT_TRUE(stopped.state.idle());
  EXPECT_FALSE(stopped.state.values.contains("attachments"));
}

TEST(Attachments, APhotoGoesToAnOpenQuestion) {
  Chat chat;
  chat.facts.open_question = true;
  auto added = send_with(chat, "", {kPhoto});
  ASSERT_TRUE(added.action);
  EXPECT_EQ(added.action->name, "add_to_question");
  EXPECT_EQ(added.action->fields.at("attachments"), kPhoto);
  EXPECT_EQ(added.action->fields.at("text"), "");
  auto captioned = send_with(chat, "Zo ziet de stoep eruit.", {kPhoto});
  ASSERT_TRUE(captioned.action);
  EXPECT_EQ(captioned.action->fields.at("text"), "Zo ziet de stoep eruit.");
}

TEST(Attachments, APhotoWithNothingToGoToIsRefusedWithTheMenu) {
  Chat chat;
  auto refused = send_with(chat, "", {kPhoto});
  EXPECT_FALSE(refused.action);
  EXPECT_THAT(texts(refused), HasSubstr("kan ik hier niet bewaren"));
  EXPECT_FALSE(refused.replies.back().choices.empty());  // the menu
}

TEST(Attachments, AFlowThatKeepsNoneSaysSoAndGoesOn) {
  Chat chat;
  chat.send("/werkgroep");
  auto refused = send_with(chat, "", {kPhoto});
  EXPECT_THAT(texts(refused), HasSubstr("kan ik hier niet bewaren"));
  EXPECT_EQ(refused.state.flow, "workgroup");
  EXPECT_FALSE(refused.state.values.contains("attachments"));
}

}  // namespace
}  // namespace buurtbot::flows
