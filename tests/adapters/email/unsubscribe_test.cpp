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
  EXPECT_TRUE(is_one_click("List-Unsubscribe=One-Click"));
  EXPECT_TRUE(is_one_click("List-Unsubscribe=One-Click\r\n"));
  EXPECT_FALSE(is_one_click(""));
  EXPECT_FALSE(is_one_click("List-Unsubscribe=Maybe"));
}

// Link scanners fetch every URL in a mail: the page only asks, with a form that POSTs the one-click answer.
TEST(EmailUnsubscribe, ThePageAsksFirstWithAFormThatPosts) {
  const Unsubscribe what{.address = "anna@buurt.example", .list = "follow:BI-2026-0042"};
  const auto page = unsubscribe_page(texts(), "nl-NL,nl;q=0.9", UnsubscribeView::question, what, "abc.def");
  EXPECT_THAT(page, HasSubstr("<html lang=\"nl\""));
  EXPECT_THAT(page, HasSubstr("Wil je geen e-mails meer over plan BI-2026-0042?"));
  EXPECT_THAT(page, HasSubstr("<form method=\"post\" action=\"/mail/unsubscribe?t=abc.def\">"));
  EXPECT_THAT(page, HasSubstr("name=\"List-Unsubscribe\" value=\"One-Click\""));
  EXPECT_THAT(page, Not(HasSubstr("anna@buurt.example"))) << "the page does not show whose address it is";
}

TEST(EmailUnsubscribe, ThePageSpeaksEnglishToWhoPrefersIt) {
  const Unsubscribe what{.address = "anna@buurt.example", .list = "all"};
  EXPECT_THAT(unsubscribe_page(texts(), "en-GB,en;q=0.8", UnsubscribeView::question, what, "t"),
              HasSubstr("Do you want to stop all news to this e-mail address?"));
  EXPECT_THAT(unsubscribe_page(texts(), "en", UnsubscribeView::done, what, "t"), HasSubstr("You will no longer get these e-mails."));
  EXPECT_THAT(unsubscribe_page(texts(), "", UnsubscribeView::invalid, std::nullopt, "t"), HasSubstr("Deze link werkt niet."));
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
