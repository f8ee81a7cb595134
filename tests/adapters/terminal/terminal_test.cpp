#include "adapters/terminal/terminal.hpp"

#include <gtest/gtest.h>

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
  OutboundMessage m{.text = "Welk thema?", .choices = {{"groen", "Groen"}, {"verkeer", "Verkeer"}}, .reply_to = {}, .answers_callback = {}};
  EXPECT_EQ(render(m), "Welk thema?\n  1. Groen\n  2. Verkeer");
}

}  // namespace
}  // namespace buurtbot::adapters::terminal
