// The webhook's door: the secret first, then the mail, then the loop guards; what is journaled and how.
#include "adapters/email/inbound.hpp"

#include "adapters/email/smtp.hpp"
#include "adapters/email/unsubscribe.hpp"
#include "adapters/email/hourly_limit.hpp"
#include "tests/adapters/email/fixtures.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::email {
namespace {

constexpr const char* kSecret = "secret-of-the-mail-server-0123";
constexpr const char* kOurs = "participatie@gemeente.example";
constexpr const char* kUnsubscribeSecret = "unsubscribe-key-of-the-unit-tests";

MailRules rules() {
  return {.our_address = kOurs, .commands = testing::flow_commands(), .unsubscribe_secret = kUnsubscribeSecret};
}

WebhookVerdict post(const std::string& name, std::optional<std::string> secret = kSecret) {
  return check_webhook(secret, testing::fixture(name), kSecret, rules());
}

TEST(EmailWebhook, RejectsAMissingOrWrongSecretBeforeReadingTheMail) {
  EXPECT_EQ(post("photo.eml", std::nullopt).status, 401);
  EXPECT_EQ(post("photo.eml", "wrong").status, 403);
  EXPECT_FALSE(post("photo.eml", "wrong").message);
}

TEST(EmailWebhook, BrokenMimeIs400) {
  const auto verdict = check_webhook(kSecret, "Subject: no sender\r\n\r\nhoi", kSecret, rules());
  EXPECT_EQ(verdict.status, 400);
  EXPECT_FALSE(verdict.message);
}

TEST(EmailWebhook, APersonsMailIsJournaledByItsMessageIdWithTheSenderAsConversation) {
  const auto verdict = post("photo.eml");
  ASSERT_TRUE(verdict.message);
  const auto& m = *verdict.message;
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.conversation, "anna.deboer@ziggo.example");
  EXPECT_EQ(m.sender_address, "anna.deboer@ziggo.example");
  EXPECT_EQ(m.sender_name, "Anna de Boer");
  EXPECT_EQ(m.external_id, "<a1b2c3d4-photo@ziggo.example>");
  EXPECT_EQ(m.text, "/vraag Bij de Kerkstraat 5 ligt een stoeptegel los. Zie de foto.");
  EXPECT_EQ(m.attachments.size(), 1u);
  EXPECT_FALSE(m.thread.empty());
}

TEST(EmailWebhook, AutomaticMailIsAcknowledgedAndNeverJournaled) {
  for (const char* name : {"exchange_out_of_office.eml", "gmail_vacation.eml", "mailing_list_post.eml", "html_newsletter.eml"}) {
    const auto verdict = post(name);
    EXPECT_EQ(verdict.status, 200) << name;
    EXPECT_FALSE(verdict.message) << name;
  }
}

TEST(EmailWebhook, ABounceMarksTheFailedAddressAndIsNotAnswered) {
  const auto verdict = post("dsn_bounce.eml");
  EXPECT_EQ(verdict.status, 200);
  ASSERT_TRUE(verdict.message);
  EXPECT_EQ(verdict.message->event, "bot_removed");
  EXPECT_EQ(verdict.message->conversation, "niet.meer@voorbeeld.example");
  EXPECT_EQ(verdict.message->text.rfind("5.1.1: 550 5.1.1", 0), 0u) << "the reason, for the officers: " << verdict.message->text;
  EXPECT_FALSE(verdict.message->group);
}

std::string list_post(const std::string& extra, const std::string& body) {
  return "From: Piet <piet@buurt.example>\r\nTo: groen@lijst.example\r\nSubject: koppel\r\nMessage-ID: <link@lijst.example>\r\n"
         "List-Id: Groen <groen.lijst.example>\r\nList-Post: <mailto:Groen@Lijst.example>\r\nPrecedence: list\r\n" +
         extra + "\r\n" + body + "\r\n";
}

// A mailing list links itself to a workgroup as a Telegram group does: "koppel CODE" (a code may have no digit).
TEST(EmailWebhook, AListPostWithTheLinkCodeLinksTheListAsAGroup) {
  const auto verdict = check_mail(list_post("", "koppel KPQXMRTW"), rules());
  ASSERT_TRUE(verdict.message) << verdict.reason;
  EXPECT_TRUE(verdict.message->group);
  EXPECT_EQ(verdict.message->conversation, "groen@lijst.example") << "the list's address, from List-Post";
  EXPECT_EQ(verdict.message->sender_id, "piet@buurt.example");
  EXPECT_EQ(verdict.message->sender_address, "") << "a list is nobody's private address";
  EXPECT_EQ(verdict.message->text, "/koppel KPQXMRTW");
}

TEST(EmailWebhook, OnlyTheLinkGetsThroughFromAList) {
  EXPECT_FALSE(check_mail(list_post("", "Wie komt er zaterdag planten?"), rules()).message)
      << "the list's own talk is not for the bot";
  EXPECT_FALSE(check_mail(list_post("Auto-Submitted: auto-replied\r\n", "koppel KPQXMRTW"), rules()).message)
      << "an automatic answer that quotes the code links nothing";
}

std::string unsubscribe_mail(const std::string& subject, const std::string& extra = "") {
  return "From: Anna <anna@buurt.example>\r\nTo: " + std::string(kOurs) + "\r\nSubject: " + subject +
         "\r\nMessage-ID: <stop1@buurt.example>\r\n" + extra + "\r\nThis mail was sent to unsubscribe.\r\n";
}

// RFC 2369's mailto: a mail program that sends a mail to stop the news stops it as the one-click POST
// does (the same event, the same journal key), also when it marks its mail as automatic; never an answer.
TEST(EmailWebhook, AMailWithAnUnsubscribeTokenInItsSubjectStopsThatNewsAndIsNotAnswered) {
  const auto token = unsubscribe_token(kUnsubscribeSecret, {.address = "anna@buurt.example", .list = "follow:BI-2026-0042"});
  for (const auto& extra : {std::string(), std::string("Auto-Submitted: auto-generated\r\n")}) {
    const auto verdict = check_mail(unsubscribe_mail("unsubscribe " + token, extra), rules());
    ASSERT_TRUE(verdict.message) << verdict.reason;
    EXPECT_EQ(verdict.message->event, "unsubscribe");
    EXPECT_EQ(verdict.message->text, "follow:BI-2026-0042");
    EXPECT_EQ(verdict.message->conversation, "anna@buurt.example");
    EXPECT_EQ(verdict.message->external_id, unsubscribe_event({"anna@buurt.example", "follow:BI-2026-0042"}, token).external_id)
        << "a click and a mail are the same stop";
  }
}

TEST(EmailWebhook, AnUnsubscribeMailWithoutAValidTokenIsAnOrdinaryMail) {
  const auto token = unsubscribe_token(kUnsubscribeSecret, {.address = "anna@buurt.example", .list = "all"});
  const auto changed = check_mail(unsubscribe_mail("unsubscribe " + token.substr(0, token.size() - 2) + "xy"), rules());
  ASSERT_TRUE(changed.message);
  EXPECT_EQ(changed.message->event, "") << "a token changed by hand stops nothing: a question like any other";
  const auto other_key = unsubscribe_token("another key", {.address = "anna@buurt.example", .list = "all"});
  EXPECT_EQ(check_mail(unsubscribe_mail("unsubscribe " + other_key), rules()).message->event, "");
  auto no_secret = rules();
  no_secret.unsubscribe_secret.clear();
  EXPECT_EQ(check_mail(unsubscribe_mail("unsubscribe " + token), no_secret).message->event, "")
      << "without unsubscribe links no mail stops anything";
}

TEST(EmailSmtp, RepliesMapOntoTheOutboxsTerms) {
  EXPECT_FALSE(send_result_of({.delivered = true, .reached = true, .code = 250, .detail = ""}));
  const auto later = send_result_of({.delivered = false, .reached = true, .code = 451, .detail = "try later"});
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->retryable());
  const auto gone = send_result_of({.delivered = false, .reached = true, .code = 550, .detail = "no such user"});
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->unreachable);
  const auto refused = send_result_of({.delivered = false, .reached = true, .code = 535, .detail = "auth"});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->retryable());
  EXPECT_FALSE(refused->unreachable);
  const auto down = send_result_of({.delivered = false, .reached = false, .code = 0, .detail = "refused"});
  ASSERT_TRUE(down);
  EXPECT_TRUE(down->network);
}

TEST(EmailSmtp, TheHourlyLimitHoldsBackOneAddressUntilItsOldestMailIsAnHourOld) {
  HourlyLimit limit(2);
  const auto t0 = HourlyLimit::Clock::now();
  EXPECT_EQ(limit.take("a@x", t0).count(), 0);
  EXPECT_EQ(limit.take("a@x", t0 + std::chrono::minutes(10)).count(), 0);
  EXPECT_EQ(limit.take("a@x", t0 + std::chrono::minutes(20)), std::chrono::minutes(40));
  EXPECT_EQ(limit.take("b@x", t0 + std::chrono::minutes(20)).count(), 0) << "another address has its own hour";
  EXPECT_EQ(limit.take("a@x", t0 + std::chrono::minutes(60)).count(), 0);
  EXPECT_EQ(HourlyLimit(0).take("a@x", t0).count(), 0);
}

}  // namespace
}  // namespace buurtbot::adapters::email
