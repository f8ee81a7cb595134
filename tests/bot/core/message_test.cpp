#include "bot/core/message.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot {
namespace {

TEST(Message, InboundSurvivesTheJournalRoundTrip) {
  InboundMessage m{.channel = "telegram", .conversation = "42", .sender_id = "7", .sender_name = "Anna",
                   .language = "nl", .text = "Hallo \"buurt\" 🌳", .choice = "yes",
                   .attachments = {{"photo", "AgAD", "bankje.jpg"}}, .reply_to = "9", .external_id = "1001",
                   .group = true};
  auto back = nlohmann::json::parse(nlohmann::json(m).dump()).get<InboundMessage>();
  EXPECT_EQ(back.text, m.text);
  EXPECT_EQ(back.attachments.at(0).name, "bankje.jpg");
  EXPECT_TRUE(back.group);
  EXPECT_EQ(back.external_id, "1001");
}

TEST(Message, AnAttachmentsBytesStayOutOfTheJournalsJson) {
  Attachment photo{.kind = "photo", .ref = "<m@x>#1", .name = "bankje.jpg", .content_type = "image/jpeg",
                   .size = 5, .digest = "ab12", .not_kept = {}, .bytes = "\xff\xd8\xff\xe0x"};
  const auto json = nlohmann::json(photo);
  EXPECT_FALSE(json.contains("bytes"));
  const auto back = json.get<Attachment>();
  EXPECT_EQ(back.digest, "ab12");
  EXPECT_EQ(back.content_type, "image/jpeg");
  EXPECT_EQ(back.size, 5);
  EXPECT_TRUE(back.bytes.empty());
}

TEST(Message, AMailAddressLeftInAFormTravelsWithItsEvent) {
  InboundMessage m{.channel = "web", .conversation = "s-1", .event = "mail_answers", .mail_to = "anna@buurt.example"};
  EXPECT_EQ(nlohmann::json(m).dump().find("mail_to") != std::string::npos, true);
  EXPECT_EQ(nlohmann::json::parse(nlohmann::json(m).dump()).get<InboundMessage>().mail_to, "anna@buurt.example");
  EXPECT_EQ(nlohmann::json(InboundMessage{}).dump().find("mail_to"), std::string::npos) << "only when there is one";
}

TEST(Message, MissingFieldsReadAsEmpty) {
  auto m = nlohmann::json::parse(R"({"channel":"terminal","text":"hoi"})").get<InboundMessage>();
  EXPECT_EQ(m.text, "hoi");
  EXPECT_TRUE(m.choice.empty());
  EXPECT_FALSE(m.group);
}

TEST(Message, OutboundKeepsItsChoicesInOrder) {
  OutboundMessage m{.text = "Kies", .choices = {{"a", "Een"}, {"b", "Twee"}}, .answers_callback = {}};
  auto back = nlohmann::json::parse(nlohmann::json(m).dump()).get<OutboundMessage>();
  ASSERT_EQ(back.choices.size(), 2u);
  EXPECT_EQ(back.choices[1].label, "Twee");
}

TEST(Message, TheThreadTravelsFromTheJournalToTheOutbox) {
  InboundMessage in;
  in.thread = R"({"id":"<a@b>"})";
  EXPECT_EQ(nlohmann::json::parse(nlohmann::json(in).dump()).get<InboundMessage>().thread, in.thread);
  OutboundMessage out;
  EXPECT_FALSE(nlohmann::json(out).contains("thread")) << "rows without a thread stay as they were";
  out.thread = in.thread;
  EXPECT_EQ(nlohmann::json::parse(nlohmann::json(out).dump()).get<OutboundMessage>().thread, in.thread);
}

}  // namespace
}  // namespace buurtbot
