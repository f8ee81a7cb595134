// The unsubscribe links of news mail: tokens only we can make, and the page that asks before it acts.
#include "adapters/email/unsubscribe.hpp"

#include "flows/loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace buurtbot::adapters::email {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kSecret = "unsubscribe-key-of-the-tests-0123456789";

const flows::FlowSet& texts() {
  static const flows::FlowSet set = flows::load_flows(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "flows").flows;
  return set;
}

TEST(EmailUnsubscribe, ATokenNamesTheAddressAndTheList) {
  const auto token = unsubscribe_token(kSecret, {.address = "anna@buurt.example", .list = "follow:BI-2026-0042"});
  const auto read = read_unsubscribe_token(kSecret, token);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->address, "anna@buurt.example");
  EXPECT_EQ(read->list, "follow:BI-2026-0042");
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."), std::string::npos)
      << "the token goes into a URL as it is";
}

TEST(EmailUnsubscribe, ATokenChangedOrMadeWithAnotherKeyIsRefused) {
  const auto token = unsubscribe_token(kSecret, {.address = "anna@buurt.example", .list = "all"});
  // Someone who knows the format writes Bert's address into Anna's token: the signature no longer fits.
  const auto forged = unsubscribe_token("a guessed key", {.address = "bert@buurt.example", .list = "all"});
  const auto bert = forged.substr(0, forged.find('.')) + token.substr(token.find('.'));
  EXPECT_FALSE(read_unsubscribe_token(kSecret, bert));
  EXPECT_FALSE(read_unsubscribe_token(kSecret, forged));
  EXPECT_FALSE(read_unsubscribe_token(kSecret, token.substr(0, token.size() - 2)));
  EXPECT_FALSE(read_unsubscribe_token(kSecret, "no-token-at-all"));
  EXPECT_FALSE(read_unsubscribe_token(kSecret, ""));
  EXPECT_FALSE(read_unsubscribe_token("", token)) << "without a key nothing is accepted";
}

TEST(EmailUnsubscribe, TheQueryAndTheOneClickBodyAreRead) {
  EXPECT_EQ(token_in_query("t=abc.def"), "abc.def");
  EXPECT_EQ(token_in_query("lang=en&t=abc.def"), "abc.def");
  EXPECT_EQ(token_in_query("x=1"), "");
  EXPECT_EQ(token_in_query("at=1"), "") << "a whole name";
  EXPECT_TRUE(is_one_click("List-Unsubscribe=One-Click"));
  EXPECT_TRUE(is_one_click("List-Unsubscribe=One-Click\r\n"));
  EXPECT_FALSE(is_one_click(""));
  EXPECT_FALSE(is_one_click("List-Unsubscribe=Maybe"));
}

// The page speaks as the site's pages do: ?lang= first, else the browser's most wanted language we have.
TEST(EmailUnsubscribe, ThePageLanguageIsTheQueryElseTheBrowsersMostWanted) {
  EXPECT_EQ(page_language("t=x&lang=en", "nl"), flows::Lang::en);
  EXPECT_EQ(page_language("lang=nl", "en"), flows::Lang::nl);
  EXPECT_EQ(page_language("t=x", "en-GB,en;q=0.9"), flows::Lang::en);
  EXPECT_EQ(page_language("t=x", "nl;q=0.2, en"), flows::Lang::en) << "by q, not by the header's first tag";
  EXPECT_EQ(page_language("t=x", "de, en;q=0.5"), flows::Lang::en) << "the first wished that we have";
  EXPECT_EQ(page_language("t=x", "fr"), flows::Lang::nl);
  EXPECT_EQ(page_language("lang=de", ""), flows::Lang::nl);
}

// Link scanners fetch every URL in a mail: the page only asks, with a form that POSTs the one-click answer.
TEST(EmailUnsubscribe, ThePageAsksFirstWithAFormThatPostsAndNoScript) {
  const Unsubscribe what{.address = "anna@buurt.example", .list = "follow:BI-2026-0042"};
  const auto page = unsubscribe_page(texts(), "Gemeente Dorp", flows::Lang::nl, UnsubscribeView::question, what, "abc.def");
  EXPECT_THAT(page, HasSubstr("<html lang=\"nl\""));
  EXPECT_THAT(page, HasSubstr("Wil je geen e-mails meer over plan BI-2026-0042?"));
  EXPECT_THAT(page, HasSubstr("<form method=\"post\" action=\"/mail/unsubscribe?t=abc.def&amp;lang=nl\">"))
      << "the answer comes in the page's language";
  EXPECT_THAT(page, HasSubstr("name=\"List-Unsubscribe\" value=\"One-Click\""));
  EXPECT_THAT(page, HasSubstr("<button type=\"submit\" class=\"utrecht-button utrecht-button--primary-action\">Ja, stop deze e-mails</button>"));
  EXPECT_THAT(page, Not(HasSubstr("<script"))) << "it works without JavaScript";
  EXPECT_THAT(page, Not(HasSubstr("anna@buurt.example"))) << "the page does not show whose address it is";
}

// Dressed as the public pages: their stylesheet, the municipality in the header, the other language a link away.
TEST(EmailUnsubscribe, ThePageLooksLikeThePublicPagesInDutchAndEnglish) {
  const Unsubscribe what{.address = "anna@buurt.example", .list = "all"};
  const auto dutch = unsubscribe_page(texts(), "Gemeente <Dorp>", flows::Lang::nl, UnsubscribeView::question, what, "abc.def");
  EXPECT_THAT(dutch, HasSubstr("<link rel=\"stylesheet\" href=\"/plannen/site.css\">"));
  EXPECT_THAT(dutch, HasSubstr("<title>Geen e-mails meer · Gemeente &lt;Dorp&gt;</title>"));
  EXPECT_THAT(dutch, HasSubstr("<header>\n<p class=\"municipality\">Gemeente &lt;Dorp&gt;</p>"));
  EXPECT_THAT(dutch, HasSubstr("<a href=\"/mail/unsubscribe?t=abc.def&amp;lang=en\" hreflang=\"en\" lang=\"en\">English</a>"));
  const auto english = unsubscribe_page(texts(), "Gemeente Dorp", flows::Lang::en, UnsubscribeView::question, what, "abc.def");
  EXPECT_THAT(english, HasSubstr("<html lang=\"en\""));
  EXPECT_THAT(english, HasSubstr("<h1>No more e-mails</h1>"));
  EXPECT_THAT(english, HasSubstr("Do you want to stop all news to this e-mail address?"));
  EXPECT_THAT(english, HasSubstr("action=\"/mail/unsubscribe?t=abc.def&amp;lang=en\""));
  EXPECT_THAT(english, HasSubstr("<a href=\"/mail/unsubscribe?t=abc.def&amp;lang=nl\" hreflang=\"nl\" lang=\"nl\">Nederlands</a>"));
  EXPECT_THAT(unsubscribe_page(texts(), "G", flows::Lang::en, UnsubscribeView::done, what, "t"),
              HasSubstr("You will no longer get these e-mails."));
  EXPECT_THAT(unsubscribe_page(texts(), "G", flows::Lang::nl, UnsubscribeView::invalid, std::nullopt, "\"><b>"),
              HasSubstr("Deze link werkt niet."));
  EXPECT_THAT(unsubscribe_page(texts(), "G", flows::Lang::nl, UnsubscribeView::invalid, std::nullopt, "\"><b>"),
              Not(HasSubstr("<b>"))) << "a token is escaped wherever the page repeats it";
}

TEST(EmailUnsubscribe, ThePageSpeaksTheLanguageAskedForElseTheBrowsers) {
  EXPECT_EQ(page_language("t=abc&lang=en", "nl-NL,nl;q=0.9"), flows::Lang::en) << "the language link wins";
  EXPECT_EQ(page_language("lang=nl&t=abc", "en-GB,en;q=0.8"), flows::Lang::nl);
  EXPECT_EQ(page_language("t=abc", "en-GB,en;q=0.8"), flows::Lang::en);
  EXPECT_EQ(page_language("t=abc&lang=fr", ""), flows::Lang::nl);
  EXPECT_EQ(page_language("t=abc&xlang=en", ""), flows::Lang::nl);
}

TEST(EmailUnsubscribe, TheEventStopsTheListForTheAddressOnce) {
  const auto event = unsubscribe_event({.address = "anna@buurt.example", .list = "workgroup:3"}, "abc.def");
  EXPECT_EQ(event.channel, "email");
  EXPECT_EQ(event.conversation, "anna@buurt.example");
  EXPECT_EQ(event.event, "unsubscribe");
  EXPECT_EQ(event.text, "workgroup:3");
  EXPECT_EQ(event.external_id, unsubscribe_event({.address = "anna@buurt.example", .list = "workgroup:3"}, "abc.def").external_id)
      << "a second click is the same event, stored once";
}

}  // namespace
}  // namespace buurtbot::adapters::email
