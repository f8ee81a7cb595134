// A mail address left in the web chat's form: answers go there too, or a mail brings the resume link.
#include "bot/civic/mail_left.hpp"

#include "bot/pipeline/dispatcher.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;

constexpr const char* kSession = "s-anna";

class MailLeft : public testing::DemoDatabaseTest {
 protected:
  // What the web chat journals when the form is sent.
  void leave(const std::string& event, const std::string& address, const std::string& text = "") {
    InboundMessage m;
    m.channel = "web";
    m.conversation = kSession;
    m.sender_id = kSession;
    m.sender_address = kSession;
    m.language = "nl";
    m.event = event;
    m.mail_to = address;
    m.text = text;
    m.external_id = std::string(kSession) + ":" + std::to_string(++sent_);
    Dispatcher dispatcher(db(), config_, flows_);
    dispatcher.accept(m);
    dispatcher.drain(std::chrono::system_clock::now());
  }

  std::vector<OutboundMessage> pending(const std::string& channel, const std::string& address) {
    std::vector<OutboundMessage> out;
    for (const auto& row : storage::Outbox(db()).pending_for(channel, address))
      out.push_back(nlohmann::json::parse(row.payload).get<OutboundMessage>());
    return out;
  }

  int sent_ = 0;
};

TEST_F(MailLeft, AnAddressForAnswersIsKeptAndTheConversationSaysSo) {
  leave("mail_answers", "anna@buurt.example");
  const auto identity = storage::Residents(db()).identity_by_address("web", kSession);
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->answer_email, "anna@buurt.example");
  ASSERT_EQ(pending("web", kSession).size(), 1u);
  EXPECT_THAT(pending("web", kSession).back().text, HasSubstr("anna@buurt.example"));
  EXPECT_TRUE(pending("email", "anna@buurt.example").empty()) << "nothing is mailed until an officer answers";
  leave("", "", "/mijngegevens");
  EXPECT_THAT(pending("web", kSession).back().text, HasSubstr("antwoorden ook per mail naar anna@buurt.example"))
      << "the resident's own data shows it";

  leave("mail_answers", "");
  EXPECT_EQ(storage::Residents(db()).identity_by_address("web", kSession)->answer_email, "");
  EXPECT_EQ(pending("web", kSession).back().text, flows_.message("mail_answers_stopped", flows::Lang::nl));
}

TEST_F(MailLeft, AResumeLinkGoesByMailAndTheConversationSaysWhere) {
  leave("mail_resume", "anna@buurt.example", "https://bot.gemeente.example/chat/#code=K7P2-QX9M");
  const auto mails = pending("email", "anna@buurt.example");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_THAT(mails[0].text, HasSubstr("https://bot.gemeente.example/chat/#code=K7P2-QX9M"));
  EXPECT_THAT(mails[0].text, HasSubstr(config_.municipality.name));
  EXPECT_THAT(pending("web", kSession).back().text, HasSubstr("anna@buurt.example"));
  EXPECT_EQ(storage::Residents(db()).identity_by_address("web", kSession)->answer_email, "")
      << "a resume link is not a wish for answers by mail";
}

TEST_F(MailLeft, ForgettingTheResidentForgetsTheAddress) {
  leave("mail_answers", "anna@buurt.example");
  const auto identity = storage::Residents(db()).identity_by_address("web", kSession);
  ASSERT_TRUE(identity.has_value());
  storage::Residents(db()).forget(identity->resident_id);
  EXPECT_FALSE(storage::Residents(db()).identity_by_address("web", kSession).has_value());
}

}  // namespace
}  // namespace buurtbot
