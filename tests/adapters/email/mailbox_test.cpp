// The bookkeeping of an IMAP mailbox: the stored position, what one poll imports, and the position each
// batch is stored with. A restart, a reconnect, a moved mail or a new UIDVALIDITY never imports a mail
// twice (past the journal's Message-ID) and never skips one.
#include "adapters/email/mailbox.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::email {
namespace {

std::vector<std::uint64_t> uids(const std::vector<ListedMail>& mails) {
  std::vector<std::uint64_t> out;
  for (const auto& mail : mails) out.push_back(mail.uid);
  return out;
}

std::vector<ListedMail> unread(std::initializer_list<std::uint64_t> list) {
  std::vector<ListedMail> out;
  for (auto uid : list) out.push_back({uid, false});
  return out;
}

TEST(MailboxPosition, IsStoredAsUidvalidityAndLastUid) {
  EXPECT_EQ(to_text({1796654287, 42}), "1796654287/42");
  EXPECT_EQ(position_of("1796654287/42"), (MailboxPosition{1796654287, 42}));
  EXPECT_EQ(position_of("7/0"), (MailboxPosition{7, 0}));
  for (const char* broken : {"", "7", "7/", "/3", "x/3", "7/3x", "0/3", "-1/3", "7/-3", "7/3/", "7/3/gisteren"})
    EXPECT_EQ(position_of(broken), std::nullopt) << broken;
  EXPECT_EQ(to_text({7, 42, "2026-12-06"}), "7/42/2026-12-06");
  EXPECT_EQ(position_of("7/42/2026-12-06"), (MailboxPosition{7, 42, "2026-12-06"}));
}

TEST(PlanScan, CarriesOnAboveTheLastUidJournaled) {
  const MailboxPosition stored{7, 12};
  EXPECT_EQ(first_uid_to_list(stored, 7), 13u);
  const auto scan = plan_scan(stored, 7, unread({15, 13, 14}));
  EXPECT_EQ(scan.start, Scan::Start::carry_on);
  EXPECT_EQ(uids(scan.to_import), (std::vector<std::uint64_t>{13, 14, 15})) << "oldest first, whatever the server's order";
  EXPECT_EQ(scan.end, (MailboxPosition{7, 15}));
}

// "UID 13:*" on a mailbox whose highest UID is 12 answers with mail 12: RFC 3501's n:* is a range.
TEST(PlanScan, TheHighestMailThatAStarRangeAlwaysReturnsIsNotImportedAgain) {
  const auto scan = plan_scan(MailboxPosition{7, 12}, 7, unread({12}));
  EXPECT_TRUE(scan.to_import.empty());
  EXPECT_FALSE(scan.moved_position);
  EXPECT_TRUE(batches_of(scan, 20).empty()) << "nothing to store";
}

TEST(PlanScan, AMailMovedIntoTheMailboxIsNewByItsNewUid) {
  // A person moved mail 3 back from another folder: the server gives it a UID above every other one.
  const auto scan = plan_scan(MailboxPosition{7, 20}, 7, unread({21}));
  EXPECT_EQ(uids(scan.to_import), (std::vector<std::uint64_t>{21})) << "fetched; the journal's Message-ID dedupes it";
}

TEST(PlanScan, TheFirstImportTakesTheUnreadMailAndLeavesTheHistory) {
  EXPECT_EQ(first_uid_to_list(std::nullopt, 7), 1u);
  const auto scan = plan_scan(std::nullopt, 7, {{1, true}, {2, true}, {3, false}, {4, true}});
  EXPECT_EQ(scan.start, Scan::Start::first);
  EXPECT_EQ(uids(scan.to_import), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(scan.skipped_seen, 3u);
  EXPECT_EQ(scan.end, (MailboxPosition{7, 4})) << "past the read mail after it too";
  const auto batches = batches_of(scan, 20);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].position, (MailboxPosition{7, 4}));
}

TEST(PlanScan, TheFirstImportRecordsTheDayBeforeWhichReadMailIsHistory) {
  const auto scan = plan_scan(std::nullopt, 7, {{1, true, "2025-03-01"}, {2, false, "2026-12-07"}}, "2026-12-06");
  EXPECT_EQ(scan.end, (MailboxPosition{7, 2, "2026-12-06"}));
  EXPECT_EQ(batches_of(scan, 20).back().position.since, "2026-12-06");
  const auto later = plan_scan(scan.end, 7, {{3, true, "2026-12-08"}, {4, true, "2025-03-01"}}, "2027-01-01");
  EXPECT_EQ(later.end, (MailboxPosition{7, 4, "2026-12-06"})) << "kept from the first import on";
  EXPECT_EQ(uids(later.to_import), (std::vector<std::uint64_t>{3})) << "new mail is taken, read or not";
  EXPECT_EQ(later.skipped_seen, 1u) << "old read mail a person moved back into the mailbox is history still";
}

// After a new UIDVALIDITY the history left alone at the first import stays alone: mail a person read
// that arrived before it. Everything else is taken, deduped by its Message-ID.
TEST(PlanScan, ANewUidvalidityLeavesTheHistoryAlone) {
  const MailboxPosition stored{7, 500, "2026-12-06"};
  const auto scan = plan_scan(stored, 8,
                              {{1, true, "2025-01-01"}, {2, false, "2025-01-01"}, {3, true, "2026-12-06"},
                               {4, true, "2026-12-07"}, {5, true, ""}},
                              "2027-01-01");
  EXPECT_EQ(uids(scan.to_import), (std::vector<std::uint64_t>{2, 3, 4, 5}));
  EXPECT_EQ(scan.skipped_seen, 1u);
  EXPECT_EQ(scan.end, (MailboxPosition{8, 5, "2026-12-06"}));
  const auto without_day = plan_scan(MailboxPosition{7, 500}, 8, {{1, true, "2025-01-01"}});
  EXPECT_EQ(without_day.to_import.size(), 1u) << "no day known: every mail";
}

TEST(PlanScan, AnEmptyMailboxStoresItsUidvalidityOnTheFirstStart) {
  const auto scan = plan_scan(std::nullopt, 7, {});
  EXPECT_TRUE(scan.moved_position);
  const auto batches = batches_of(scan, 20);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_TRUE(batches[0].mails.empty());
  EXPECT_EQ(batches[0].position, (MailboxPosition{7, 0}));
}

TEST(PlanScan, ANewUidvalidityReadsTheWholeMailboxAgainReadOrNot) {
  const MailboxPosition stored{7, 500};
  EXPECT_EQ(first_uid_to_list(stored, 8), 1u) << "the old UIDs mean nothing now";
  const auto scan = plan_scan(stored, 8, {{1, true}, {2, false}});
  EXPECT_EQ(scan.start, Scan::Start::uidvalidity_changed);
  EXPECT_EQ(uids(scan.to_import), (std::vector<std::uint64_t>{1, 2})) << "mail taken before is deduped by Message-ID";
  EXPECT_EQ(scan.end, (MailboxPosition{8, 2}));
  const auto empty = plan_scan(stored, 8, {});
  ASSERT_EQ(batches_of(empty, 20).size(), 1u);
  EXPECT_EQ(batches_of(empty, 20)[0].position, (MailboxPosition{8, 0})) << "the new UIDVALIDITY is stored even with no mail";
}

TEST(BatchesOf, EachBatchStoresThePositionOfItsLastMail) {
  const auto scan = plan_scan(MailboxPosition{7, 0}, 7, unread({1, 2, 3, 4, 5}));
  const auto batches = batches_of(scan, 2);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(uids(batches[0].mails), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(batches[0].position, (MailboxPosition{7, 2}));
  EXPECT_EQ(uids(batches[1].mails), (std::vector<std::uint64_t>{3, 4}));
  EXPECT_EQ(batches[1].position, (MailboxPosition{7, 4}));
  EXPECT_EQ(uids(batches[2].mails), (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(batches[2].position, (MailboxPosition{7, 5}));
}

// A restart after any batch: the stored position is that batch's, and the next scan starts right after
// it. Every mail is imported exactly once, none skipped, whichever batch the crash came after.
TEST(BatchesOf, ARestartAfterAnyBatchImportsEveryMailExactlyOnce) {
  std::vector<ListedMail> mailbox;
  for (std::uint64_t uid = 1; uid <= 23; uid += (uid % 5 == 0 ? 2 : 1)) mailbox.push_back({uid, false});  // gaps: expunged mail
  for (std::size_t crash_after = 0; crash_after <= 4; ++crash_after) {
    std::optional<MailboxPosition> stored = MailboxPosition{9, 0};
    std::vector<std::uint64_t> imported;
    auto batches = batches_of(plan_scan(stored, 9, mailbox), 4);
    for (std::size_t i = 0; i < batches.size() && i < crash_after; ++i) {
      for (const auto& mail : batches[i].mails) imported.push_back(mail.uid);
      stored = batches[i].position;
    }
    std::vector<ListedMail> listed;  // what "UID n:*" answers after the restart
    for (const auto& mail : mailbox)
      if (mail.uid >= first_uid_to_list(stored, 9) || mail.uid == mailbox.back().uid) listed.push_back(mail);
    for (const auto& batch : batches_of(plan_scan(stored, 9, listed), 4))
      for (const auto& mail : batch.mails) imported.push_back(mail.uid);
    EXPECT_EQ(imported, uids(mailbox)) << "crash after batch " << crash_after;
  }
}

}  // namespace
}  // namespace buurtbot::adapters::email
