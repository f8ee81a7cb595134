// Threads on mail: what a reply carries, our Message-IDs, subject references, and commands without a slash.
#include "adapters/email/thread.hpp"

#include "flows/definition.hpp"
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
  for (const auto& [m, want] : table) EXPECT_EQ(flow_text_of(m, testing::flow_commands()), want) << m.subject << " / " << m.new_text;
}

// The words are the flows' own: their commands and their titles in both languages, so a flow added or
// renamed in flows/ is started by mail too, and a resident's own words starting with one stay theirs.
TEST(MailCommands, AreTheFlowsCommandsAndTitles) {
  const auto& commands = testing::flow_commands();
  EXPECT_EQ(commands.command_in("kanaal"), "/kanaal");
  EXPECT_EQ(commands.command_in("Mijn plannen"), "/mijn");
  EXPECT_EQ(commands.command_in("My data"), "/mijngegevens");
  EXPECT_EQ(commands.command_in("Vergeet mij!"), "/vergeetmij");
  EXPECT_EQ(commands.command_in("Een vraag stellen"), "/vraag");
  EXPECT_EQ(commands.command_in("STEUN bi-2026-0042."), "/steun bi-2026-0042") << "the reference as written, its full stop gone";
  EXPECT_EQ(commands.command_in("Mijn fiets"), "") << "a command word takes only an argument with a digit";
  EXPECT_EQ(commands.command_in("Plan voor de buurt"), "");
  EXPECT_EQ(commands.command_in("steun het plan"), "");
  EXPECT_EQ(commands.command_in(""), "");
  EXPECT_EQ(commands.question(), "vraag");
}

TEST(MailCommands, FollowTheFlowsThatAreLoaded) {
  flows::FlowSet set;
  flows::Flow vote;
  vote.name = "vote";
  vote.commands = {"stem", "vote"};
  vote.title = {.nl = "Stemmen op een plan", .en = "Vote for a plan"};
  flows::Flow bot_only;
  bot_only.name = "question_followup";
  bot_only.title = {.nl = "Iets toevoegen", .en = "Add something"};
  set.flows = {vote, bot_only};
  const MailCommands commands(set);
  EXPECT_EQ(commands.command_in("stem 12"), "/stem 12");
  EXPECT_EQ(commands.command_in("vote for a plan"), "/stem");
  EXPECT_EQ(commands.command_in("Iets toevoegen"), "") << "a flow without commands is the bot's to start";
  EXPECT_EQ(commands.command_in("steun BI-2026-0042"), "") << "no such flow here";
  EXPECT_EQ(flow_text_of(mail("steun BI-2026-0042", "Groet"), MailCommands()), "/vraag Groet") << "no flows: every mail a question";
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
  for (const auto& [m, want] : table) EXPECT_EQ(flow_text_of(m, testing::flow_commands()), want) << m.subject << " / " << m.new_text;
}

TEST(EmailThread, ASubjectNamesAPlanOrAQuestion) {
  EXPECT_EQ(about_in_subject("Re: [BI-2026-0042] Bankje"), "BI-2026-0042");
  EXPECT_EQ(about_in_subject("Re: [vraag 12] Gras in het park"), "vraag 12");
  EXPECT_EQ(about_in_subject("AW: [Question 7] Grass"), "vraag 7");
  EXPECT_EQ(about_in_subject("Re: vraag 12"), "") << "only in brackets, as we write it";
  EXPECT_EQ(about_in_subject("[vraag twaalf]"), "");
}

TEST(EmailThread, OurSubjectsCarryTheReferenceOnce) {
  EXPECT_EQ(with_reference("Re: Gras in het park", "vraag 12"), "Re: [vraag 12] Gras in het park");
  EXPECT_EQ(with_reference("RE: [vraag 12] Gras in het park", "vraag 12"), "RE: [vraag 12] Gras in het park");
  EXPECT_EQ(with_reference("Nieuws over je plan", "BI-2026-0042"), "[BI-2026-0042] Nieuws over je plan");
  EXPECT_EQ(with_reference("Re: Bankje", ""), "Re: Bankje");
}

}  // namespace
}  // namespace buurtbot::adapters::email
