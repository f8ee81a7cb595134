// Raw mails as the common mail programs write them, read into what buurtbot needs.
#include "adapters/email/parse.hpp"

#include "adapters/email/reply_text.hpp"
#include "bot/core/digest.hpp"
#include "tests/adapters/email/fixtures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::adapters::email {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::fixture;

ParsedMail parsed(const std::string& name) {
  auto result = parse_mail(fixture(name));
  EXPECT_TRUE(result.mail) << name << ": " << result.error;
  return result.mail ? *result.mail : ParsedMail{};
}

TEST(EmailParse, AnOutlookReplyKeepsOnlyTheNewTextAboveTheVanBlock) {
  const auto mail = parsed("outlook_reply.eml");
  EXPECT_EQ(mail.from_address, "jan.devries@outlook.com");
  EXPECT_EQ(mail.from_name, "Jan de Vries");
  EXPECT_EQ(mail.subject, "RE: Je vraag is ontvangen");
  EXPECT_EQ(mail.message_id, "<AM6PR10MB2342A1B2C3D4E5F6@AM6PR10MB2342.EURPRD10.PROD.OUTLOOK.COM>");
  EXPECT_EQ(mail.in_reply_to, "<buurtbot.17.a1b2c3d4@gemeente.example>");
  EXPECT_EQ(mail.new_text,
            "Hallo,\n\nDe lantaarnpaal bij nummer 12 doet het nog steeds niet. Kan er iemand naar kijken?\n\n"
            "Met vriendelijke groet,\nJan de Vries");
}

TEST(EmailParse, AGmailReplyInDutchLosesTheWrappedOpSchreefLineAndTheQuote) {
  const auto mail = parsed("gmail_reply_nl.eml");
  EXPECT_EQ(mail.subject, "Re: [BI-2026-0042] Bankje bij de speeltuin");
  EXPECT_EQ(mail.new_text, "Ja, ik wil het plan graag steunen. De buurt is er blij mee 🙂\n\nGroetjes,\nFatima");
  EXPECT_EQ(mail.references, std::vector<std::string>{"<buurtbot.21.f00dcafe@gemeente.example>"});
}

TEST(EmailParse, AnAppleMailReplyKeepsTheTypedNumber) {
  const auto mail = parsed("apple_mail_reply.eml");
  EXPECT_EQ(mail.message_id, "<8F3C2A1B-4D5E-4F60-9A7B-C1D2E3F4A5B6@bakker.example>");
  EXPECT_EQ(mail.new_text, "2\n\nPieter");
}

TEST(EmailParse, AnExchangeOutOfOfficeIsReadFromBase64WithItsHeaders) {
  const auto mail = parsed("exchange_out_of_office.eml");
  EXPECT_THAT(mail.body, HasSubstr("afwezig tot en met 14 december"));
  EXPECT_EQ(mail.headers.at("auto-submitted"), "auto-replied");
  EXPECT_EQ(mail.headers.at("x-auto-response-suppress"), "All");
}

TEST(EmailParse, AGmailVacationReplyCarriesItsMarks) {
  const auto mail = parsed("gmail_vacation.eml");
  EXPECT_EQ(mail.headers.at("precedence"), "bulk");
  EXPECT_EQ(mail.headers.at("x-autoreply"), "yes");
}

TEST(EmailParse, ADeliveryStatusNotificationNamesTheFailedRecipient) {
  const auto mail = parsed("dsn_bounce.eml");
  EXPECT_TRUE(mail.report);
  EXPECT_EQ(mail.from_address, "mailer-daemon@mx.gemeente.example");
  EXPECT_EQ(mail.failed_recipients, std::vector<std::string>{"niet.meer@voorbeeld.example"});
  EXPECT_EQ(mail.failure_reason,
            "5.1.1: 550 5.1.1 <niet.meer@voorbeeld.example>: Recipient address rejected: User unknown in virtual mailbox table")
      << "the Status and the folded Diagnostic-Code on one line, without its type";
}

TEST(EmailParse, AMailingListPostShowsItsListHeaders) {
  const auto mail = parsed("mailing_list_post.eml");
  EXPECT_EQ(mail.headers.at("list-id"), "Buurtvereniging Oost <buurtvereniging-oost.lists.example>");
  EXPECT_FALSE(mail.report);
}

TEST(EmailParse, IsoLatin1BodyAndAnRfc2047SubjectBecomeUtf8) {
  const auto mail = parsed("iso_8859_1.eml");
  EXPECT_EQ(mail.from_name, "José Müller");
  EXPECT_EQ(mail.subject, "Vraag over het café op het plein");
  EXPECT_EQ(mail.new_text, "Mag het café op het plein terrasstoelen neerzetten? Ik vind het een goed idee à la Parijs.\n\nJosé");
}

TEST(EmailParse, AnHtmlOnlyNewsletterInWindows1252BecomesPlainText) {
  const auto mail = parsed("html_newsletter.eml");
  EXPECT_EQ(mail.body,
            "Nieuws uit het wijkcentrum\nDe kerstmarkt is op 18 december & iedereen is welkom.\n"
            "Kosten: € 5 per kraam – richtlijnen volgen.\nLees meer");
}

TEST(EmailParse, APhotoIsAnAttachmentAndTheDeviceSignatureIsDropped) {
  const auto mail = parsed("photo.eml");
  EXPECT_EQ(mail.new_text, "Bij de Kerkstraat 5 ligt een stoeptegel los. Zie de foto.");
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].kind, "photo");
  EXPECT_EQ(mail.attachments[0].name, "stoeptegel.jpg");
  EXPECT_EQ(mail.attachments[0].ref, "<a1b2c3d4-photo@ziggo.example>#1");
}

TEST(EmailParse, AnAttachmentCarriesItsDecodedBytesAndDeclaredType) {
  const auto photo = parsed("photo.eml").attachments.at(0);
  EXPECT_EQ(photo.content_type, "image/jpeg");
  ASSERT_EQ(photo.bytes.size(), 283u) << "base64 undone";
  EXPECT_EQ(sha256_hex(photo.bytes), "bc0533a2beaba66d03b3ca7681773fe9c5249ee3c377c4769779a55c1d039642");
}

TEST(EmailParse, AMailWithoutMessageIdGetsOneFromItsBytes) {
  const std::string raw = "From: a@b.example\r\nSubject: hoi\r\n\r\nhallo\r\n";
  const auto first = parse_mail(raw);
  ASSERT_TRUE(first.mail) << first.error;
  EXPECT_THAT(first.mail->message_id, HasSubstr("@synthesised.invalid>"));
  EXPECT_EQ(parse_mail(raw).mail->message_id, first.mail->message_id) << "the same bytes, the same id";
  EXPECT_NE(parse_mail(raw + "x").mail->message_id, first.mail->message_id);
}

TEST(EmailParse, BrokenMimeIsRefusedWithAReasonNeverACrash) {
  for (const std::string& raw : {std::string(), std::string("\x00\xff\xfe garbage", 12), std::string("no headers at all"),
                                std::string("Subject: no sender\r\n\r\nbody"),
                                std::string("From: nobody\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n")}) {
    const auto result = parse_mail(raw);
    EXPECT_FALSE(result.mail) << raw;
    EXPECT_FALSE(result.error.empty());
  }
}

TEST(EmailParse, HtmlEntitiesAndBlocksBecomeReadableText) {
  EXPECT_EQ(html_to_text("<p>a &lt;b&gt; &#233;&#x20AC;</p><p>c<br>d</p>"), "a <b> é€\nc\nd");
  EXPECT_EQ(html_to_text("<style>x{}</style>tekst &bogus; <unclosed"), "tekst &bogus;");
}

TEST(EmailReplyText, SignaturesAndQuotesAreCutInBothLanguages) {
  EXPECT_EQ(new_text_of("Ja graag\n-- \nAnna\n06-12345678"), "Ja graag");
  EXPECT_EQ(new_text_of("Yes\n\nOn Mon, Dec 7, 2026 at 10:00 AM Gemeente <p@g.example> wrote:\n> old"), "Yes");
  EXPECT_EQ(new_text_of("Prima\n-----Original Message-----\nFrom: x"), "Prima");
  EXPECT_EQ(new_text_of("Oké\nFrom: Gemeente\nSent: Monday\nTo: me\n\nold"), "Oké");
  EXPECT_EQ(new_text_of("> quoted first\nmy answer"), "my answer");
  EXPECT_EQ(new_text_of("Van: de buurt heb ik gehoord dat het mag"), "Van: de buurt heb ik gehoord dat het mag")
      << "a sentence starting with Van: is no Outlook block";
}

}  // namespace
}  // namespace buurtbot::adapters::email
