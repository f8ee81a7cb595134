// RFC 3834's loop guards as a table: which mail is never answered, and why.
#include "adapters/email/loop_guard.hpp"

#include "tests/adapters/email/fixtures.hpp"

#include "bot/text/text.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::email {
namespace {

constexpr const char* kOurs = "participatie@gemeente.example";

struct Row {
  const char* what;
  std::map<std::string, std::string> headers;
  std::string from = "anna@buurt.example";
  bool report = false;
  bool automatic = true;
};

TEST(EmailLoopGuard, AnswersPeopleAndNeverMachines) {
  const std::vector<Row> table{
      {"a person's mail", {}, "anna@buurt.example", false, false},
      {"Auto-Submitted: no is a person", {{"auto-submitted", "no"}}, "anna@buurt.example", false, false},
      {"Auto-Submitted: auto-replied", {{"auto-submitted", "auto-replied"}}},
      {"Auto-Submitted: auto-generated", {{"auto-submitted", "Auto-Generated"}}},
      {"Precedence: bulk", {{"precedence", "bulk"}}},
      {"Precedence: list", {{"precedence", "list"}}},
      {"Precedence: junk", {{"precedence", "junk"}}},
      {"Precedence: first-class is a person", {{"precedence", "first-class"}}, "anna@buurt.example", false, false},
      {"X-Loop of ours", {{"x-loop", kOurs}}},
      {"X-Loop of another system is a person", {{"x-loop", "helpdesk@elders.example"}}, "anna@buurt.example", false, false},
      {"X-Autoreply", {{"x-autoreply", "yes"}}},
      {"X-Autorespond", {{"x-autorespond", "Automatisch antwoord"}}},
      {"X-Auto-Response-Suppress: All", {{"x-auto-response-suppress", "All"}}},
      {"X-Auto-Response-Suppress: DR, AutoReply", {{"x-auto-response-suppress", "DR, AutoReply"}}},
      {"X-Auto-Response-Suppress: OOF alone is a person", {{"x-auto-response-suppress", "OOF"}}, "anna@buurt.example", false, false},
      {"List-Id", {{"list-id", "<buurt.lists.example>"}}},
      {"List-Unsubscribe", {{"list-unsubscribe", "<mailto:leave@lists.example>"}}},
      {"multipart/report", {}, "anna@buurt.example", true},
      {"our own address", {}, "Participatie@Gemeente.Example"},
      {"MAILER-DAEMON", {}, "mailer-daemon@mx.example"},
      {"postmaster", {}, "postmaster@buurt.example"},
  };
  for (const auto& row : table) {
    ParsedMail mail;
    mail.headers = row.headers;
    mail.from_address = lower(row.from);
    mail.report = row.report;
    const auto reason = automatic_reason(mail, kOurs);
    EXPECT_EQ(reason.has_value(), row.automatic) << row.what << (reason ? ": " + *reason : "");
  }
}

TEST(EmailLoopGuard, EveryAutomaticFixtureIsRecognisedAndEveryPersonsIsNot) {
  for (const char* name : {"exchange_out_of_office.eml", "gmail_vacation.eml", "dsn_bounce.eml", "mailing_list_post.eml",
                           "html_newsletter.eml"})
    EXPECT_TRUE(automatic_reason(*parse_mail(testing::fixture(name)).mail, kOurs)) << name;
  for (const char* name : {"outlook_reply.eml", "gmail_reply_nl.eml", "apple_mail_reply.eml", "iso_8859_1.eml", "photo.eml"})
    EXPECT_FALSE(automatic_reason(*parse_mail(testing::fixture(name)).mail, kOurs)) << name;
}

}  // namespace
}  // namespace buurtbot::adapters::email
