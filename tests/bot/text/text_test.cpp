#include "bot/text/text.hpp"

#include <gtest/gtest.h>

namespace buurtbot {
namespace {

TEST(CoreText, TrimDropsWhitespaceAtEitherEndOnly) {
  EXPECT_EQ(trim(" \t Bankje bij  de speeltuin\r\n"), "Bankje bij  de speeltuin");
  EXPECT_EQ(trim(" \n\t "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(CoreText, LowerChangesAsciiLettersOnly) {
  EXPECT_EQ(lower("Content-Type: ÉÉN"), "content-type: ÉÉn");
  EXPECT_EQ(lower("/KOPPEL"), "/koppel");
}

TEST(CoreText, CodePointsCountCharactersNotBytes) {
  EXPECT_EQ(code_points("🌳é a"), 4u);
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("€ 1.250"), 7u);
}

TEST(CoreText, TerminalSafeShowsControlCharactersInsteadOfObeyingThem) {
  // A title that would retitle the window, clear the screen and ring the bell.
  EXPECT_EQ(terminal_safe("Bankje\x1b]0;pwned\x07 \x1b[2J"), "Bankje\\x1b]0;pwned\\x07 \\x1b[2J");
  EXPECT_EQ(terminal_safe("a\rb\x7f"), "a\\x0db\\x7f");
  EXPECT_EQ(terminal_safe("\xc2\x9b" "31m"), "\\u009b31m");  // U+009B, the one-character CSI
}

TEST(CoreText, TerminalSafeKeepsNewlinesTabsAndEveryPrintableCharacter) {
  EXPECT_EQ(terminal_safe("Welk thema?\n  1. Groen\tgroen"), "Welk thema?\n  1. Groen\tgroen");
  EXPECT_EQ(terminal_safe("🌳 € 1.250 café \u00a0\u202e"), "🌳 € 1.250 café \u00a0\u202e");
}

TEST(CoreText, ValidUtf8ReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(valid_utf8("caf\xc3\xa9"), "café");
  EXPECT_EQ(valid_utf8("a\xff" "b"), "a\ufffdb");
  EXPECT_EQ(valid_utf8("\xc3"), "\ufffd");                     // cut off
  EXPECT_EQ(valid_utf8("\xc0\xaf"), "\ufffd\ufffd");           // overlong '/'
  EXPECT_EQ(valid_utf8("\xed\xa0\x80"), "\ufffd\ufffd\ufffd");  // a UTF-16 surrogate
  EXPECT_EQ(valid_utf8("\xf4\x90\x80\x80"), "\ufffd\ufffd\ufffd\ufffd");  // above U+10FFFF
  EXPECT_EQ(valid_utf8("🌳"), "🌳");
}

TEST(CoreText, ControlCharactersAreFoundNewlinesAndTabsIncluded) {
  EXPECT_FALSE(has_control_characters("Bankje bij de speeltuin 🌳"));
  EXPECT_TRUE(has_control_characters("Bankje\x1b[2J"));
  EXPECT_TRUE(has_control_characters("Bankje\nbij"));
  EXPECT_TRUE(has_control_characters("Bankje\tbij"));
  EXPECT_TRUE(has_control_characters("\xc2\x85"));  // U+0085, next line
  EXPECT_TRUE(has_control_characters("\x7f"));
}

TEST(CoreText, OneLineDropsControlCharactersAndJoinsLines) {
  EXPECT_EQ(one_line("Anna\x1b]0;x\x07 de Vries"), "Anna]0;x de Vries");
  EXPECT_EQ(one_line("Anna\nde\tVries\r\n"), "Anna de Vries");
  EXPECT_EQ(one_line("An\xffna"), "An\ufffdna");
}

TEST(CoreText, CutUtf8KeepsWholeCharactersOnly) {
  EXPECT_EQ(cut_utf8("abc", 5), "abc");
  EXPECT_EQ(cut_utf8("abc", 2), "ab");
  EXPECT_EQ(cut_utf8("a€", 3), "a");   // € is 3 bytes: not half of it
  EXPECT_EQ(cut_utf8("a€", 4), "a€");
  EXPECT_EQ(cut_utf8("🌳🌳", 7), "🌳");
  EXPECT_EQ(cut_utf8("🌳", 0), "");
}

TEST(CoreText, EscapeHtmlLeavesNoMarkupAndNoWayOutOfAnAttribute) {
  EXPECT_EQ(escape_html(R"(<b onclick='x()'>"Anna" & co</b>)"),
            "&lt;b onclick=&#39;x()&#39;&gt;&quot;Anna&quot; &amp; co&lt;/b&gt;");
  EXPECT_EQ(escape_html("Bankje bij de speeltuin 🌳"), "Bankje bij de speeltuin 🌳");
}

}  // namespace
}  // namespace buurtbot
