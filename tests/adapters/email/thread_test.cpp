// Threads on mail: what a reply carries, our Message-IDs, subject references, and commands without a slash.
#include "adapters/email/thread.hpp"

#include "tests/adapters/email/fixtures.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::email {
namespace {

ParsedMail mail(std::string subject, std::string text, std::string in_reply_to = "") {
  ParsedMail m;
  m.message_id = "<m1@buurt.example>";
  m.subject = std::move(subject);
  m.new_text = std::move(text);
  m.in_reply_to = std::move(in_reply_to);
  return m;
}

TEST(EmailThread, AReplyCarriesTheMailsIdReferencesAndSubject) {
  const auto parsed = *parse_mail(testing::fixture("gmail_reply_nl.eml")).mail;
  const auto thread = read_thread(thread_of(parsed));
  EXPECT_EQ(thread.message_id, parsed.message_id);
  EXPECT_EQ(thread.references, (std::vector<std::string>{"<buurtbot.21.f00dcafe@gemeente.example>", parsed.message_id}));
  EXPECT_EQ(thread.subject, "Re: [BI-2026-0042] Bankje bij de speeltuin");
  EXPECT_TRUE(read_thread("").message_id.empty());
  EXPECT_TRUE(read_thread("not json").references.empty());
}

TEST(EmailThread, OurMessageIdsNameTheOutboxRowAndDiffer) {
  EXPECT_EQ(our_message_id(42, "00ff", "gemeente.example"), "<buurtbot.42.00ff@gemeente.example>");
}

TEST(EmailThread, TheReferenceInASubjectIsFound) {
  EXPECT_EQ(reference_in_subject("Re: [BI-2026-0042] Bankje"), "BI-2026-0042");
  EXPECT_EQ(reference_in_subject("Antw: [ bi-2026-7 ]"), "BI-2026-7");
  EXPECT_EQ(reference_in_subject("[Buurt Oost] Vergadering"), "");
}

TEST(EmailThread, CommandsInTheSubjectOrFirstLineStartTheirFlow) {
  const std::vector<std::pair<ParsedMail, std::string>> table{
      {mail("steun BI-2026-0042", "Groet, Anna"), "/steun BI-2026-0042"},
      {mail("Mijn gegevens", ""), "/mijngegevens"},
      {mail("initiatief", "Bankje bij de speeltuin"), "/initiatief Bankje bij de speeltuin"},
      {mail("", "volg BI-2026-0042\n\nAnna"), "/volg BI-2026-0042"},
      {mail("Hallo", "vraag\nWanneer komt de vuilniswagen?"), "/vraag Wanneer komt de vuilniswagen?"},
      {mail("Lantaarnpaal kapot", "De lamp bij nummer 12 is kapot."), "/vraag De lamp bij nummer 12 is kapot."},
      {mail("Vraag over het bankje", "Mag dat?"), "/vraag Mag dat?"},
      {mail("Re: steun BI-2026-0042", "2", "<buurtbot.1.ab@gemeente.example>"), "2"},
      {mail("Re: Je vraag", "Dank je wel!", "<buurtbot.1.ab@gemeente.example>"), "Dank je wel!"},
      {mail("RE: iets", "Ja"), "Ja"},
  };
  for (const auto& [m, want] : table) EXPECT_EQ(flow_text_of(m), want) << m.subject << " / " << m.new_text;
}

// A greeting gets the welcome, as on every other channel; only a mail with more to say is a question.
TEST(EmailThread, AFirstMailWithOnlyAGreetingIsAGreetingNotAQuestion) {
  const std::vector<std::pair<ParsedMail, std::string>> table{
      {mail("Hoi", "hoi"), "hoi"},
      {mail("", "Hallo!"), "Hallo!"},
      {mail("Bericht", "Hello,"), "Hello,"},
      {mail("Vraag", "Hallo"), "/vraag Hallo"},  // the subject is the command here
      {mail("Goedemorgen", ""), "Goedemorgen"},
      {mail("Hallo", "Hallo, wanneer komt de vuilniswagen?"), "/vraag Hallo, wanneer komt de vuilniswagen?"},
      {mail("Hoi", "Ik heb een vraag"), "/vraag Ik heb een vraag"},
  };
  for (const auto& [m, want] : table) EXPECT_EQ(flow_text_of(m), want) << m.subject << " / " << m.new_text;
}

}  // namespace
}  // namespace buurtbot::adapters::email
