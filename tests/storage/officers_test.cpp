// Officers, their tokens and sessions, and the officers' queries on the inbox.
#include "storage/officers.hpp"

#include "storage/inbox_queries.hpp"
#include "storage/migrations.hpp"
#include "tests/storage/temp_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

using ::testing::ElementsAre;
using namespace std::chrono_literals;

class StorageOfficers : public TempDatabaseTest {};

TEST_F(StorageOfficers, SchemaTwoAddsSessions) {
  EXPECT_GE(latest_schema_version(), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'officer_sessions'"), 1);
}

TEST_F(StorageOfficers, AddFindAndList) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna de Vries", "officer", "scrypt$hash-a");
  officers.add("bert", "Bert", "admin", "scrypt$hash-b");
  EXPECT_GT(anna.id, 0);
  EXPECT_EQ(anna.role, "officer");
  EXPECT_FALSE(anna.disabled);
  EXPECT_EQ(officers.find_by_login("anna")->password_hash, "scrypt$hash-a");
  EXPECT_EQ(officers.find(anna.id)->name, "Anna de Vries");
  EXPECT_FALSE(officers.find_by_login("carla"));
  std::vector<std::string> logins;
  for (const auto& o : officers.list()) logins.push_back(o.login);
  EXPECT_THAT(logins, ElementsAre("anna", "bert"));
}

TEST_F(StorageOfficers, LoginsAreUniqueAndRolesKnown) {
  Officers officers(db());
  officers.add("anna", "Anna", "officer", "h");
  EXPECT_THROW(officers.add("anna", "Other Anna", "officer", "h"), StorageError);
  EXPECT_THROW(officers.add("root", "Root", "superuser", "h"), StorageError);
}

TEST_F(StorageOfficers, TokensAreFoundByTheirHashOnly) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "h");
  officers.add_token(anna.id, "hash-of-token");
  EXPECT_EQ(officers.find_by_token("hash-of-token")->login, "anna");
  EXPECT_FALSE(officers.find_by_token("token"));
}

TEST_F(StorageOfficers, SessionsAreFoundUntilTheyExpireOrEnd) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "h");
  officers.add_session(anna.id, "live", "csrf-live", 3600s);
  officers.add_session(anna.id, "expired", "csrf-old", -1s);
  auto live = officers.find_session("live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->officer.login, "anna");
  EXPECT_EQ(live->csrf_token, "csrf-live");
  EXPECT_FALSE(live->expires_at.empty());
  EXPECT_FALSE(officers.find_session("expired"));
  EXPECT_EQ(officers.delete_expired_sessions(), 1);
  EXPECT_TRUE(officers.delete_session("live"));
  EXPECT_FALSE(officers.delete_session("live"));
  EXPECT_FALSE(officers.find_session("live"));
}

TEST_F(StorageOfficers, DisablingEndsSessionsAndTokens) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "h");
  officers.add_token(anna.id, "token-hash");
  officers.add_session(anna.id, "session-hash", "csrf", 3600s);
  EXPECT_TRUE(officers.disable("anna"));
  EXPECT_FALSE(officers.disable("nobody"));
  EXPECT_TRUE(officers.find_by_login("anna")->disabled);
  EXPECT_FALSE(officers.find_by_token("token-hash"));
  EXPECT_FALSE(officers.find_session("session-hash"));
  officers.add_token(anna.id, "later-token-hash");
  EXPECT_TRUE(officers.find_by_token("later-token-hash")->disabled) << "a token still says whose it is";
}

TEST_F(StorageOfficers, DisablingAndEnablingAgainLeavesNoTokenOrSession) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "h");
  officers.add_token(anna.id, "token-hash");
  officers.add_session(anna.id, "session-hash", "csrf", 3600s);
  ASSERT_TRUE(officers.disable("anna"));
  ASSERT_TRUE(officers.enable("anna"));
  EXPECT_FALSE(officers.find_by_token("token-hash"));
  EXPECT_FALSE(officers.find_session("session-hash"));
  EXPECT_EQ(officers.list_with_token_counts()[0].tokens, 0);
}

TEST_F(StorageOfficers, EnablingEndsWhatADisabledOfficerStillHeld) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "h");
  ASSERT_TRUE(officers.disable("anna"));
  // Credentials a disabled officer kept from an older version of buurtbot, which left tokens in place.
  officers.add_token(anna.id, "token-hash");
  officers.add_session(anna.id, "session-hash", "csrf", 3600s);
  ASSERT_TRUE(officers.enable("anna"));
  EXPECT_FALSE(officers.find_by_token("token-hash"));
  EXPECT_FALSE(officers.find_session("session-hash"));
}

TEST_F(StorageOfficers, ANewPasswordEndsSessions) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "old");
  officers.add_session(anna.id, "session-hash", "csrf", 3600s);
  EXPECT_TRUE(officers.set_password_hash("anna", "new"));
  EXPECT_FALSE(officers.set_password_hash("nobody", "new"));
  EXPECT_EQ(officers.find_by_login("anna")->password_hash, "new");
  EXPECT_FALSE(officers.find_session("session-hash"));
}

TEST_F(StorageOfficers, EnableRoleAndTokenCounts) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "hash");
  officers.add("bert", "Bert", "admin", "hash");
  ASSERT_TRUE(officers.disable("anna"));
  EXPECT_TRUE(officers.enable("anna"));
  officers.add_token(anna.id, "token-1");
  officers.add_token(anna.id, "token-2");
  EXPECT_FALSE(officers.enable("nobody"));
  EXPECT_FALSE(officers.find_by_login("anna")->disabled);
  EXPECT_TRUE(officers.set_role("anna", "admin"));
  EXPECT_THROW(officers.set_role("anna", "king"), StorageError);
  EXPECT_EQ(officers.find_by_login("anna")->role, "admin");
  const auto listed = officers.list_with_token_counts();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].officer.login, "anna");
  EXPECT_EQ(listed[0].tokens, 2);
  EXPECT_EQ(listed[1].tokens, 0);
}

TEST_F(StorageOfficers, EndingSessionsTakesOnlyThatOfficersSessions) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "hash");
  auto bert = officers.add("bert", "Bert", "admin", "hash");
  officers.add_session(anna.id, "session-a1", "csrf", 3600s);
  officers.add_session(anna.id, "session-a2", "csrf", 3600s);
  officers.add_session(bert.id, "session-b", "csrf", 3600s);
  EXPECT_EQ(officers.end_sessions(anna.id), 2);
  EXPECT_EQ(officers.end_sessions(anna.id), 0);
  EXPECT_FALSE(officers.find_session("session-a1"));
  EXPECT_EQ(officers.find_session("session-b")->officer.login, "bert");
}

TEST_F(StorageOfficers, RevokingTokensTakesOnlyThatOfficersTokens) {
  Officers officers(db());
  auto anna = officers.add("anna", "Anna", "officer", "hash");
  auto bert = officers.add("bert", "Bert", "admin", "hash");
  officers.add_token(anna.id, "token-a");
  officers.add_token(bert.id, "token-b");
  EXPECT_EQ(officers.revoke_tokens(anna.id), 1);
  EXPECT_EQ(officers.revoke_tokens(anna.id), 0);
  EXPECT_FALSE(officers.find_by_token("token-a"));
  EXPECT_EQ(officers.find_by_token("token-b")->login, "bert");
}

class StorageInboxQueries : public TempDatabaseTest {
 protected:
  Id ask(const std::string& name, const std::string& text, const std::string& due_at = "2999-01-01T00:00:00Z") {
    return Inbox(db()).open_thread(resident(name), "terminal", name, text, {.due_at = due_at});
  }

  std::vector<Id> ids(const ThreadFilter& filter) {
    std::vector<Id> result;
    for (const auto& summary : InboxQueries(db()).list(filter)) result.push_back(summary.thread.id);
    return result;
  }

  void age(Id thread, const std::string& created_at) {
    db().prepare("UPDATE inbox_threads SET created_at = ?2, last_activity_at = ?2 WHERE id = ?1")
        .bind(1, thread)
        .bind(2, created_at)
        .run();
  }
};

TEST_F(StorageInboxQueries, SummariesCarryNameLastMessageAndAssignee) {
  auto anna = Officers(db()).add("anna", "Anna", "officer", "h");
  const Id thread = ask("joke", "Eerste vraag");
  Inbox(db()).add_message(thread, "in", "resident:1", "Tweede vraag");
  InboxQueries(db()).assign(thread, anna.id);
  auto summary = InboxQueries(db()).summary(thread);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->resident_name, "joke");
  EXPECT_EQ(summary->last_message, "Tweede vraag");
  EXPECT_EQ(summary->assignee_login, "anna");
  EXPECT_FALSE(summary->first_response_at);
  EXPECT_FALSE(summary->overdue);
  EXPECT_FALSE(InboxQueries(db()).summary(thread + 1));
  EXPECT_THROW(InboxQueries(db()).assign(thread + 1, std::nullopt), StorageError);
}

TEST_F(StorageInboxQueries, OverdueMeansUnansweredUnresolvedAndPastTheStoredDeadline) {
  const Id late = ask("a", "vraag", "2020-01-06T00:00:00Z");
  const Id late_answered = ask("b", "vraag", "2020-01-06T00:00:00Z");
  const Id late_resolved = ask("c", "vraag", "2020-01-06T00:00:00Z");
  const Id old_but_not_due = ask("d", "vraag", "2999-01-01T00:00:00Z");
  const Id without_deadline = ask("e", "vraag", "");
  Inbox(db()).add_message(late_answered, "out", "officer:anna", "antwoord");
  Inbox(db()).set_status(late_resolved, "resolved");
  for (Id id : {late, late_answered, late_resolved, old_but_not_due, without_deadline}) age(id, "2020-01-01T00:00:00Z");
  ThreadFilter filter;
  filter.overdue = true;
  EXPECT_THAT(ids(filter), ElementsAre(late));
  EXPECT_TRUE(InboxQueries(db()).summary(late)->overdue);
  EXPECT_EQ(InboxQueries(db()).summary(late)->thread.due_at, "2020-01-06T00:00:00Z");
  filter.overdue = false;
  EXPECT_THAT(ids(filter), ElementsAre(without_deadline, old_but_not_due, late_resolved, late_answered));
  EXPECT_FALSE(InboxQueries(db()).summary(old_but_not_due)->overdue) << "the deadline counts, not the age";
}

TEST_F(StorageInboxQueries, FiltersCombineAndTheLimitHolds) {
  auto anna = Officers(db()).add("anna", "Anna", "officer", "h");
  const Id first = ask("a", "over bomen");
  const Id second = ask("b", "over bomen en struiken");
  const Id third = ask("c", "over verkeer");
  age(first, "2026-01-01T00:00:00Z");
  age(second, "2026-01-02T00:00:00Z");
  age(third, "2026-01-03T00:00:00Z");
  InboxQueries(db()).assign(second, anna.id);
  ThreadFilter filter;
  EXPECT_THAT(ids(filter), ElementsAre(third, second, first));
  filter.search = "BOMEN";
  EXPECT_THAT(ids(filter), ElementsAre(second, first));
  filter.unassigned = true;
  EXPECT_THAT(ids(filter), ElementsAre(first));
  filter = ThreadFilter{};
  filter.assignee = "anna";
  EXPECT_THAT(ids(filter), ElementsAre(second));
  filter = ThreadFilter{};
  filter.limit = 1;
  EXPECT_THAT(ids(filter), ElementsAre(third));
  filter = ThreadFilter{};
  filter.search = "_";
  EXPECT_TRUE(ids(filter).empty());
}

// A page starts after the last thread of the one before, by its activity and then its id, so threads with
// the same activity are split across pages without a repeat or a gap, and a thread that came in between
// two pages (newer than all) does not push one of the next page back onto it, as OFFSET would.
TEST_F(StorageInboxQueries, PagesFollowTheLastThreadOfThePageBefore) {
  std::vector<Id> asked;
  for (int i = 0; i < 5; ++i) asked.push_back(ask("r" + std::to_string(i), "vraag"));
  for (Id id : asked) age(id, "2026-01-01T00:00:00Z");
  age(asked[0], "2026-01-02T00:00:00Z");
  const auto page = [&](std::optional<PageCursor> after) {
    ThreadFilter filter;
    filter.limit = 2;
    filter.after = std::move(after);
    return InboxQueries(db()).list(filter);
  };
  const auto cursor = [](const std::vector<ThreadSummary>& threads) {
    return PageCursor{threads.back().thread.last_activity_at, threads.back().thread.id};
  };
  const auto first = page(std::nullopt);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].thread.id, asked[0]);
  EXPECT_EQ(first[1].thread.id, asked[4]);
  ask("nieuw", "een vraag tussen twee pagina's");
  const auto second = page(cursor(first));
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].thread.id, asked[3]);
  EXPECT_EQ(second[1].thread.id, asked[2]);
  const auto third = page(cursor(second));
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].thread.id, asked[1]);
  EXPECT_TRUE(page(cursor(third)).empty());
}

TEST_F(StorageInboxQueries, ACursorReadsBackAsWritten) {
  const PageCursor cursor{"2026-12-07T10:55:05Z", 42};
  EXPECT_EQ(cursor.text(), "2026-12-07T10:55:05Z.42");
  const auto read = PageCursor::parse(cursor.text());
  ASSERT_TRUE(read);
  EXPECT_EQ(read->key, cursor.key);
  EXPECT_EQ(read->id, 42);
  for (const auto* bad : {"", "42", ".42", "2026-12-07T10:55:05Z.", "2026-12-07T10:55:05Z.4x", "yesterday"})
    EXPECT_FALSE(PageCursor::parse(bad)) << bad;
}

TEST_F(StorageInboxQueries, NotesKeepTheirAuthorAndOrder) {
  auto anna = Officers(db()).add("anna", "Anna", "officer", "h");
  const Id thread = ask("a", "vraag");
  auto note = InboxQueries(db()).add_note(thread, anna.id, "eerst bellen");
  EXPECT_EQ(note.author_login, "anna");
  EXPECT_EQ(note.text, "eerst bellen");
  InboxQueries(db()).add_note(thread, anna.id, "gebeld");
  std::vector<std::string> texts;
  for (const auto& n : InboxQueries(db()).notes(thread)) texts.push_back(n.text);
  EXPECT_THAT(texts, ElementsAre("eerst bellen", "gebeld"));
  ThreadFilter filter;
  filter.search = "gebeld";
  EXPECT_THAT(ids(filter), ElementsAre(thread));
}

}  // namespace
}  // namespace buurtbot::storage::testing
