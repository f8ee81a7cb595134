// The officers' search through the full-text indexes (V16): what it finds, that both of its plans find the
// same, and that the indexes follow every change of the texts they cover.
#include "storage/inbox_queries.hpp"
#include "storage/migrations.hpp"
#include "storage/officers.hpp"

#include "tests/storage/temp_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace buurtbot::storage::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Plan = InboxQueries::SearchPlan;

class StorageInboxSearch : public TempDatabaseTest {
 protected:
  Id ask(const std::string& name, const std::string& text) {
    return Inbox(db()).open_thread(resident(name), "terminal", name, text, {.due_at = "2999-01-01T00:00:00Z"});
  }

  std::vector<Id> found(const std::string& search, Plan plan) {
    ThreadFilter filter;
    filter.search = search;
    std::vector<Id> result;
    for (const auto& summary : InboxQueries(db()).list(filter, plan)) result.push_back(summary.thread.id);
    return result;
  }

  /// What list() finds, after checking that both plans find the same (the indexes find nothing shorter
  /// than three characters, so list() walks the list for those).
  std::vector<Id> found(const std::string& search) {
    const auto along_the_list = found(search, Plan::along_the_list);
    if (search.size() >= 3) EXPECT_EQ(found(search, Plan::from_matches), along_the_list) << search;
    EXPECT_EQ(ids_of(InboxQueries(db()).list({.search = search})), along_the_list) << search;
    return along_the_list;
  }

  static std::vector<Id> ids_of(const std::vector<ThreadSummary>& threads) {
    std::vector<Id> ids;
    for (const auto& summary : threads) ids.push_back(summary.thread.id);
    return ids;
  }

  std::int64_t in_index(std::string_view table, const std::string& word) {
    auto row = db().prepare("SELECT COUNT(*) FROM " + std::string(table) + " WHERE " + std::string(table) +
                            " MATCH ?1");
    row.bind(1, word).step();
    return row.int_at(0);
  }

  std::string plan_of(const ThreadFilter& filter, Plan plan) {
    std::string text;
    auto rows = db().prepare("EXPLAIN QUERY PLAN " + InboxQueries::list_sql(filter, plan));
    while (rows.step()) text += rows.text_at(3) + "\n";
    return text;
  }
};

// What the search finds is what LIKE '%…%' found before the indexes: the text anywhere, in a word too,
// the case of ASCII letters aside, signs taken literally; the indexes only find the candidates.
TEST_F(StorageInboxSearch, FindsTheTextAnywhereInMessagesNotesAndNamesAsLikeDid) {
  auto anna = Officers(db()).add("anna", "Anna", "officer", "h");
  const Id lamp = ask("Joke Stroeve", "De lantaarnpaal is kapot.");
  const Id cafe = ask("Piet", "Het terras van het café staat op 100% van de stoep");
  const Id noted = ask("Kees", "Vraag over afval");
  InboxQueries(db()).add_note(noted, anna.id, "Buurman gebeld");

  EXPECT_THAT(found("lantaarnpaal"), ElementsAre(lamp));
  EXPECT_THAT(found("LANTAARN"), ElementsAre(lamp));
  EXPECT_THAT(found("paal"), ElementsAre(lamp)) << "inside a word";
  EXPECT_THAT(found("is kapot"), ElementsAre(lamp));
  EXPECT_THAT(found("kapot is"), IsEmpty());
  EXPECT_THAT(found("café"), ElementsAre(cafe));
  EXPECT_THAT(found("CAFÉ"), IsEmpty()) << "LIKE folds ASCII letters only, the index more: LIKE decides";
  EXPECT_THAT(found("100%"), ElementsAre(cafe));
  EXPECT_THAT(found("%"), ElementsAre(cafe)) << "too short for the index: the list is walked";
  EXPECT_THAT(found("gebeld"), ElementsAre(noted)) << "notes";
  EXPECT_THAT(found("stroeve"), ElementsAre(lamp)) << "the resident's name";
  EXPECT_THAT(found("\"kapot"), IsEmpty()) << "a quote is text, no FTS5 syntax";
  EXPECT_THAT(found("kapot OR afval"), IsEmpty()) << "nor is OR";
  EXPECT_THAT(found("_"), IsEmpty());
}

TEST_F(StorageInboxSearch, BothPlansFindTheSameThreadsInTheSameOrderWithOtherFilters) {
  std::vector<Id> with_word;
  for (int i = 0; i < 12; ++i) {
    const Id thread = ask("r" + std::to_string(i), i % 3 == 0 ? "Over de speeltuin" : "Over het verkeer");
    if (i % 3 == 0) with_word.push_back(thread);
    if (i % 2 == 0) Inbox(db()).set_status(thread, "resolved");
  }
  db().exec("UPDATE inbox_threads SET last_activity_at = '2026-01-01T00:00:00Z'");  // ties: then by id
  std::reverse(with_word.begin(), with_word.end());
  EXPECT_EQ(found("speeltuin"), with_word);
  for (const auto plan : {Plan::from_matches, Plan::along_the_list}) {
    ThreadFilter filter{.status = "open", .search = "speeltuin", .limit = 1};
    const auto listed = InboxQueries(db()).list(filter, plan);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].thread.id, with_word[0]) << "the newest open thread with the word";
  }
}

TEST_F(StorageInboxSearch, FewMatchesAreReadAndManyAreFoundAlongTheList) {
  const Id thread = ask("anna", "Een zeldzaam woord");
  db().prepare("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2001) "
               "INSERT INTO inbox_messages (thread_id, direction, text) SELECT ?1, 'in', 'overal afval' FROM n")
      .bind(1, thread)
      .run();
  InboxQueries queries(db());
  EXPECT_EQ(queries.search_plan({.search = "zeldzaam"}), Plan::from_matches);
  EXPECT_EQ(queries.search_plan({.search = "afval"}), Plan::along_the_list);
  EXPECT_EQ(queries.search_plan({}), Plan::along_the_list);
  EXPECT_THAT(found("afval"), ElementsAre(thread));

  const auto along = plan_of({.search = "afval"}, Plan::along_the_list);
  EXPECT_THAT(along, HasSubstr("SCAN t USING INDEX inbox_threads_by_activity")) << along;
  EXPECT_THAT(along, ::testing::Not(HasSubstr("TEMP B-TREE FOR ORDER BY"))) << along;
  const auto from_matches = plan_of({.search = "zeldzaam"}, Plan::from_matches);
  EXPECT_THAT(from_matches, HasSubstr("SEARCH t USING INTEGER PRIMARY KEY")) << from_matches;
  EXPECT_THAT(from_matches, HasSubstr("VIRTUAL TABLE")) << from_matches;
}

// Triggers keep the indexes in step: a changed text is found by its new words only, a deleted one (also by
// ON DELETE CASCADE, as "forget me" deletes unanswered threads) not at all, not even in the index itself.
TEST_F(StorageInboxSearch, TheIndexesFollowEveryChangeAndDelete) {
  auto anna = Officers(db()).add("anna", "Anna", "officer", "h");
  const Id kept = ask("Wilma", "Beste Wilma, de boom wordt gesnoeid");
  const Id gone = ask("Gerrit", "Mijn heg bij de kerk");
  InboxQueries(db()).add_note(gone, anna.id, "Heg gemeten");

  db().exec("UPDATE inbox_messages SET text = replace(text, 'Wilma', 'bewoner') WHERE thread_id = 1");
  db().exec("UPDATE residents SET display_name = '' WHERE display_name = 'Wilma'");
  EXPECT_THAT(found("wilma"), IsEmpty());
  EXPECT_THAT(found("beste bewoner"), ElementsAre(kept));
  EXPECT_EQ(in_index("inbox_messages_fts", "wilma"), 0) << "the index itself";
  EXPECT_EQ(in_index("residents_fts", "wilma"), 0);

  db().prepare("DELETE FROM inbox_threads WHERE id = ?1").bind(1, gone).run();
  db().exec("DELETE FROM residents WHERE display_name = 'Gerrit'");
  EXPECT_THAT(found("heg"), IsEmpty());
  EXPECT_THAT(found("gerrit"), IsEmpty());
  EXPECT_EQ(in_index("inbox_messages_fts", "kerk"), 0);
  EXPECT_EQ(in_index("inbox_notes_fts", "gemeten"), 0);
  EXPECT_EQ(in_index("residents_fts", "gerrit"), 0);
  EXPECT_THAT(found("boom"), ElementsAre(kept));
}

// The migration indexes the messages, notes and names stored before it.
TEST_F(StorageInboxSearch, TheMigrationIndexesWhatWasStoredBefore) {
  auto anna = Officers(db()).add("anna", "Anna", "officer", "h");
  const Id thread = ask("Fenna", "Losse stoeptegel");
  InboxQueries(db()).add_note(thread, anna.id, "Aannemer gebeld");
  for (const auto table : {"inbox_messages_fts", "inbox_notes_fts", "residents_fts"})
    db().exec(std::string("INSERT INTO ") + table + " (" + table + ") VALUES ('delete-all')");
  ASSERT_EQ(in_index("inbox_messages_fts", "stoeptegel"), 0);
  ASSERT_THAT(found("stoeptegel", Plan::from_matches), IsEmpty()) << "the walk along the list needs no index";

  const auto v16 = std::ranges::find(migrations(), 16, &Migration::version)->sql;
  db().exec(std::string(v16.substr(v16.find("INSERT INTO inbox_messages_fts (inbox_messages_fts)"))));
  EXPECT_EQ(in_index("inbox_messages_fts", "stoeptegel"), 1);
  EXPECT_EQ(in_index("inbox_notes_fts", "aannemer"), 1);
  EXPECT_EQ(in_index("residents_fts", "fenna"), 1);
  EXPECT_THAT(found("stoeptegel"), ElementsAre(thread)) << "by both plans";
  EXPECT_THAT(found("aannemer"), ElementsAre(thread));
  EXPECT_THAT(found("fenna"), ElementsAre(thread));
}

}  // namespace
}  // namespace buurtbot::storage::testing
