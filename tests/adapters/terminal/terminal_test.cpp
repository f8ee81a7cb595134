#include "adapters/terminal/terminal.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace buurtbot::adapters::terminal {
namespace {

TEST(TerminalChannel, ALineBecomesAMessageFromThatName) {
  auto m = parse_line("Anna", "hallo\r", "17");
  EXPECT_EQ(m.channel, "terminal");
  EXPECT_EQ(m.conversation, "Anna");
  EXPECT_EQ(m.sender_id, "Anna");
  EXPECT_EQ(m.text, "hallo");
  EXPECT_EQ(m.external_id, "Anna:17");
}

TEST(TerminalChannel, ChoicesAreNumberedLines) {
  OutboundMessage m{.text = "Welk thema?", .choices = {{"groen", "Groen"}, {"verkeer", "Verkeer"}}, .answers_callback = {}, .erase_after_send = false};
  EXPECT_EQ(render(m), "Welk thema?\n  1. Groen\n  2. Verkeer");
}

TEST(TerminalChannel, SendingPrintsTheMessageAndABlankLine) {
  std::ostringstream out;
  TerminalChannel channel(out);
  OutboundMessage m{.text = "Wil je dit plan steunen?", .choices = {{"ja", "Ja"}, {"nee", "Nee"}}, .answers_callback = {}, .erase_after_send = false};
  EXPECT_FALSE(channel.send("Anna", m, 1));
  EXPECT_EQ(out.str(), "Wil je dit plan steunen?\n  1. Ja\n  2. Nee\n\n");
}

// A title or an answer that reaches this terminal from someone else must not take it over.
TEST(TerminalChannel, ControlCharactersAreShownNotObeyed) {
  std::ostringstream out;
  TerminalChannel channel(out);
  OutboundMessage m{.text = "Je volgt nu Bankje\x1b]0;pwned\x07.\tKlaar.", .choices = {{"a", "Optie\x1b[2J"}},
                    .answers_callback = {}};
  EXPECT_FALSE(channel.send("Bert", m, 1));
  EXPECT_EQ(out.str(), "Je volgt nu Bankje\\x1b]0;pwned\\x07.\tKlaar.\n  1. Optie\\x1b[2J\n\n");
}

TEST(TerminalChannel, AClosedTerminalIsAFailedSend) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  TerminalChannel channel(out);
  EXPECT_TRUE(channel.send("Anna", OutboundMessage{.text = "Hallo", .choices = {}, .answers_callback = {}, .erase_after_send = false}, 1));
}

}  // namespace
}  // namespace buurtbot::adapters::terminal
