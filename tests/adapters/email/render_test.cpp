// One outbound message as the mail a resident receives.
#include "adapters/email/render.hpp"

#include "adapters/email/parse.hpp"
#include "adapters/email/thread.hpp"
#include "tests/adapters/email/fixtures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::adapters::email {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

OutboundMessage message(std::string text, std::vector<OutboundChoice> choices = {}, std::string thread = {}) {
  OutboundMessage m;
  m.text = std::move(text);
  m.choices = std::move(choices);
  m.thread = std::move(thread);
  return m;
}

Envelope envelope() {
  return {.from_address = "participatie@gemeente.example", .from_name = "Gemeente Dorp", .to_address = "anna@buurt.example",
          .message_id = "<buurtbot.7.abc@gemeente.example>",
          .date = std::chrono::system_clock::from_time_t(1796635200),  // Mon, 7 Dec 2026 09:20:00 UTC
          .unsubscribe_url = {}, .unsubscribe_mailto = {}};
}

TEST(EmailRender, AReplyIsThreadedAndMarkedAutomatic) {
  const auto resident = *parse_mail(testing::fixture("gmail_reply_nl.eml")).mail;
  const auto raw = render_mail(message("Dank je!", {}, thread_of(resident)), envelope());
  EXPECT_THAT(raw, HasSubstr("\r\nIn-Reply-To: " + resident.message_id + "\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nReferences: <buurtbot.21.f00dcafe@gemeente.example> " + resident.message_id + "\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nSubject: Re: [BI-2026-0042] Bankje bij de speeltuin\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nAuto-Submitted: auto-replied\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nX-Loop: participatie@gemeente.example\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nMessage-ID: <buurtbot.7.abc@gemeente.example>\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nDate: Mon, 07 Dec 2026 09:20:00 +0000\r\n"));
}

TEST(EmailRender, WhatWeSendReadsBackAsWeMeantIt) {
  const auto back = parse_mail(render_mail(message("Wil je dit plan steunen? <b>Café</b> & co", {{"yes", "Ja"}, {"no", "Nee"}}), envelope()));
  ASSERT_TRUE(back.mail) << back.error;
  EXPECT_EQ(back.mail->body, "Wil je dit plan steunen? <b>Café</b> & co\n1. Ja\n2. Nee");
  EXPECT_EQ(back.mail->from_name, "Gemeente Dorp");
  EXPECT_EQ(back.mail->subject, "Wil je dit plan steunen? <b>Café</b> & co") << "a new thread is named by its first line";
  EXPECT_EQ(back.mail->headers.at("auto-submitted"), "auto-generated") << "news, not an answer";
}

TEST(EmailRender, NewsCarriesItsOneClickUnsubscribeLink) {
  auto news = message("Nieuws over het plan dat je volgt.");
  news.list = "follow:BI-2026-0042";
  auto with_link = envelope();
  with_link.unsubscribe_url = "https://bot.gemeente.example/mail/unsubscribe?t=abc.def";
  const auto raw = render_mail(news, with_link);
  EXPECT_THAT(raw, HasSubstr("\r\nList-Unsubscribe: <https://bot.gemeente.example/mail/unsubscribe?t=abc.def>\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nAuto-Submitted: auto-generated\r\n"));

  // RFC 2369: next to the link, an address to mail for programs that do not speak HTTP, folded onto a
  // line of its own; the link comes first, as the one RFC 8058's one-click POST goes to.
  with_link.unsubscribe_mailto = "mailto:participatie@gemeente.example?subject=unsubscribe%20abc.def";
  const auto both = render_mail(news, with_link);
  EXPECT_THAT(both, HasSubstr("\r\nList-Unsubscribe: <https://bot.gemeente.example/mail/unsubscribe?t=abc.def>,\r\n"
                              " <mailto:participatie@gemeente.example?subject=unsubscribe%20abc.def>\r\n"));
  EXPECT_EQ(parse_mail(both).mail->headers.at("list-unsubscribe"),
            "<https://bot.gemeente.example/mail/unsubscribe?t=abc.def>, "
            "<mailto:participatie@gemeente.example?subject=unsubscribe%20abc.def>");
}

TEST(EmailRender, TheSubjectNamesThePlanOrQuestionTheMailIsAbout) {
  auto news = message("Nieuws over het plan dat je volgt.");
  news.about = "BI-2026-0042";
  EXPECT_THAT(render_mail(news, envelope()), HasSubstr("\r\nSubject: [BI-2026-0042] Nieuws over het plan dat je volgt.\r\n"));
  const auto resident = *parse_mail(testing::fixture("outlook_reply.eml")).mail;
  auto answer = message("Antwoord van de gemeente", {}, thread_of(resident));
  answer.about = "vraag 12";
  const auto subject = *parse_mail(render_mail(answer, envelope())).mail;
  EXPECT_EQ(subject.subject, "RE: [vraag 12] Je vraag is ontvangen") << "after the reply mark, once";
  EXPECT_EQ(about_in_subject(subject.subject), "vraag 12");
}

TEST(EmailRender, AnAnswerToTheResidentsOwnMailHasNoUnsubscribeLink) {
  const auto resident = *parse_mail(testing::fixture("gmail_reply_nl.eml")).mail;
  auto with_link = envelope();
  with_link.unsubscribe_url = "https://bot.gemeente.example/mail/unsubscribe?t=abc.def";
  const auto raw = render_mail(message("Dank je!", {}, thread_of(resident)), with_link);
  EXPECT_THAT(raw, HasSubstr("\r\nAuto-Submitted: auto-replied\r\n"));
  EXPECT_THAT(raw, Not(HasSubstr("List-Unsubscribe")));
}

TEST(EmailRender, TheHtmlAlternativeEscapesResidentText) {
  const auto raw = render_mail(message("<script>alert(1)</script>", {{"a", "<i>x</i>"}}), envelope());
  const auto html = raw.substr(raw.find("Content-Type: text/html"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;"));
  EXPECT_THAT(raw, HasSubstr("<li>&lt;i&gt;x&lt;/i&gt;</li>"));
}

TEST(EmailRender, QuotedPrintableKeepsLinesShortAndEncodesWhatIsNotAscii) {
  EXPECT_EQ(quoted_printable("café = 1 \nx"), "caf=C3=A9 =3D 1=20\r\nx");
  const auto long_line = quoted_printable(std::string(200, 'a'));
  for (std::size_t start = 0, end; start < long_line.size(); start = end + 2) {
    end = long_line.find("\r\n", start);
    if (end == std::string::npos) end = long_line.size();
    EXPECT_LE(end - start, 76u);
  }
}

}  // namespace
}  // namespace buurtbot::adapters::email
