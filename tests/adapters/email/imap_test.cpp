// The IMAP answers the importer reads, as real servers (Dovecot, Gmail, Exchange) word them.
#include "adapters/email/imap.hpp"
#include "adapters/email/imap_idle.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::email {
namespace {

TEST(ParseSelect, ReadsUidvalidityAndUidnext) {
  const auto status = parse_select(
      "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
      "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n"
      "* 1 EXISTS\r\n"
      "* 0 RECENT\r\n"
      "* OK [UNSEEN 1] First unseen.\r\n"
      "* OK [UIDVALIDITY 1796654287] UIDs valid\r\n"
      "* OK [UIDNEXT 2] Predicted next UID\r\n");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->uidvalidity, 1796654287u);
  EXPECT_EQ(status->uidnext, 2u);
  const auto lower = parse_select("* ok [uidvalidity 3] x\r\n");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->uidvalidity, 3u);
  EXPECT_EQ(lower->uidnext, 0u) << "UIDNEXT is optional";
}

TEST(ParseSelect, WithoutUidvalidityThereIsNone) {
  EXPECT_FALSE(parse_select("* OK [UIDNEXT 5] Predicted next UID\r\n"));
  EXPECT_FALSE(parse_select("* 3 EXISTS\r\n* OK [UIDVALIDITY x] broken\r\n"));
  EXPECT_FALSE(parse_select(""));
}

TEST(ParseListing, ReadsEachMailsUidAndWhetherItWasRead) {
  const auto listed = parse_listing(
      "* 1 FETCH (UID 4 FLAGS (\\Seen \\Answered))\r\n"
      "* 2 FETCH (FLAGS () UID 7)\r\n"
      "* 3 FETCH (UID 9 FLAGS (\\Seen))\r\n"
      "* 3 EXISTS\r\n"
      "* 4 FETCH (UID 10 FLAGS ($NotSeen \\Flagged))\r\n");
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].uid, 4u);
  EXPECT_TRUE(listed[0].seen);
  EXPECT_EQ(listed[1].uid, 7u);
  EXPECT_FALSE(listed[1].seen);
  EXPECT_TRUE(listed[2].seen);
  EXPECT_EQ(listed[3].uid, 10u);
  EXPECT_FALSE(listed[3].seen) << "a keyword is no \\Seen";
}

TEST(ParseListing, ReadsTheDayEachMailArrived) {
  const auto listed = parse_listing(
      "* 1 FETCH (UID 4 FLAGS (\\Seen) INTERNALDATE \" 7-Dec-2026 14:37:50 +0000\")\r\n"
      "* 2 FETCH (UID 5 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" FLAGS ())\r\n"
      "* 3 FETCH (UID 6 FLAGS ())\r\n");
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].date, "2026-12-07");
  EXPECT_TRUE(listed[0].seen);
  EXPECT_EQ(listed[1].date, "1996-07-17");
  EXPECT_EQ(listed[2].date, "");
}

TEST(ParseListing, AFetchWithoutUidIsLeftOut) {
  EXPECT_TRUE(parse_listing("* 1 FETCH (FLAGS (\\Seen))\r\n").empty());
  EXPECT_TRUE(parse_listing("").empty());
}

TEST(ImapWords, MailboxNamesAreQuotedAndUidsJoined) {
  EXPECT_EQ(quoted("INBOX"), "\"INBOX\"");
  EXPECT_EQ(quoted("Afgehandeld/2026"), "\"Afgehandeld/2026\"");
  EXPECT_EQ(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(uid_set({3, 5, 9}), "3,5,9");
  EXPECT_TRUE(valid_mailbox_name("INBOX"));
  EXPECT_TRUE(valid_mailbox_name("Buurtbot/Afgehandeld"));
  EXPECT_FALSE(valid_mailbox_name(""));
  EXPECT_FALSE(valid_mailbox_name("Gel\xc3\xa9zen")) << "non-ASCII needs modified UTF-7, not supported";
  EXPECT_FALSE(valid_mailbox_name("a\"b"));
  EXPECT_FALSE(valid_mailbox_name("a&b"));
}

TEST(ParseCapabilities, ReadsEveryWordOfTheAnswer) {
  const auto offered = parse_capabilities("* CAPABILITY IMAP4rev1 SASL-IR Move uidplus IDLE\r\nA3 OK done\r\n");
  EXPECT_TRUE(offered.contains("MOVE"));
  EXPECT_TRUE(offered.contains("UIDPLUS"));
  EXPECT_TRUE(offered.contains("IMAP4REV1"));
  EXPECT_FALSE(offered.contains("OK"));
  EXPECT_TRUE(parse_capabilities("").empty());
}

// A server without MOVE gets what MOVE does in three steps, and the last only where it touches just these mails.
TEST(MoveCommands, MoveWhereOfferedElseCopyDeleteAndExpungeOfTheseMailsOnly) {
  EXPECT_EQ(move_commands({3, 5}, "Afgehandeld", {"IMAP4REV1", "MOVE", "UIDPLUS"}),
            (std::vector<std::string>{"UID MOVE 3,5 \"Afgehandeld\""}));
  EXPECT_EQ(move_commands({3, 5}, "Afgehandeld", {"IMAP4REV1", "UIDPLUS"}),
            (std::vector<std::string>{"UID COPY 3,5 \"Afgehandeld\"", "UID STORE 3,5 +FLAGS.SILENT (\\Deleted)",
                                      "UID EXPUNGE 3,5"}));
  EXPECT_EQ(move_commands({3}, "Afgehandeld", {"IMAP4REV1"}),
            (std::vector<std::string>{"UID COPY 3 \"Afgehandeld\"", "UID STORE 3 +FLAGS.SILENT (\\Deleted)"}))
      << "no plain EXPUNGE: it would remove what others marked deleted";
}

TEST(AnnouncesMail, NewMailIsAnExistsOrARecentCountAboveZero) {
  EXPECT_TRUE(announces_mail("* 4 EXISTS"));
  EXPECT_TRUE(announces_mail("* 1 exists"));
  EXPECT_TRUE(announces_mail("* 1 RECENT"));
  EXPECT_FALSE(announces_mail("* 0 RECENT")) << "Dovecot says this with every EXISTS, also for none";
  EXPECT_FALSE(announces_mail("* 3 EXPUNGE"));
  EXPECT_FALSE(announces_mail("* 2 FETCH (FLAGS (\\Seen))")) << "a flag another client set";
  EXPECT_FALSE(announces_mail("* OK Still here"));
  EXPECT_FALSE(announces_mail("+ idling"));
  EXPECT_FALSE(announces_mail("i3 OK Idle completed"));
  EXPECT_FALSE(announces_mail("* 12EXISTS"));
}

}  // namespace
}  // namespace buurtbot::adapters::email
