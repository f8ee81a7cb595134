// "Forget me" forgets: after it, no column of any table and no byte of the database file holds the
// person's name, channel ids or free texts, except the questions the municipality answered, which stay
// as its record with the name replaced. Retention empties everyone's handled journal and outbox rows.

#include "bot/pipeline/dispatcher.hpp"
#include "storage/inbox_queries.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace buurtbot {
namespace {

using ::testing::IsEmpty;

// Distinctive values, so a match anywhere in the file is theirs.
const std::string kName = "Wilhelmina Zuiderhoeve";
const std::string kUserId = "918273645501";
const std::string kGroup = "-100777666555";
const std::string kOpenQuestion = "Mag de heg van Kwakernaatstraat 17 weg?";
const std::string kAnsweredQuestion = "Wanneer wordt het grofvuil opgehaald in de wijk?";

class ForgetMe : public testing::DemoDatabaseTest {
 protected:
  void say(const std::string& text, const std::string& chat = kUserId) {
    InboundMessage m;
    m.channel = "telegram";
    m.conversation = chat;
    m.sender_id = kUserId;
    m.sender_address = kUserId;
    m.sender_name = kName;
    m.language = "nl";
    m.text = text;
    m.group = chat != kUserId;
    m.external_id = std::to_string(++update_id_);
    Dispatcher dispatcher(db(), config_, flows_, {{"telegram", {.buttons = true}}});
    dispatcher.accept(m);
    dispatcher.drain(std::chrono::system_clock::now());
  }

  /// The outbox worker's part: every pending row delivered.
  void deliver_everything() {
    storage::Outbox outbox(db());
    for (const auto& row : outbox.due(std::numeric_limits<std::int64_t>::max(), 1000)) outbox.mark_sent(row.id);
    if (!outbox.due(std::numeric_limits<std::int64_t>::max(), 1000).empty()) deliver_everything();
  }

  /// An officer answers the resident's open question, greeting them by name as officers do.
  void answer_open_question() {
    storage::Inbox inbox(db());
    const auto resident = storage::Residents(db()).find_or_create("telegram", kUserId, kUserId, kName, "nl");
    const auto thread = inbox.open_thread_of(resident.id);
    ASSERT_TRUE(thread);
    const std::string answer = "Beste " + kName + ", in week 12.";
    inbox.add_message(thread->id, "out", "officer:1", answer);
    inbox.set_status(thread->id, "resolved");
    storage::Outbox(db()).enqueue("telegram", kUserId, nlohmann::json({{"text", answer}}).dump(), 1);
  }

  /// Every text cell of every table that contains `needle`, as "table.column". The search's full-text
  /// indexes are left out: their columns read the table they index (external content) and copy nothing;
  /// what they store is in their own tables, which are searched.
  std::vector<std::string> cells_holding(const std::string& needle) {
    std::vector<std::string> found;
    auto tables = db().prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'");
    while (tables.step()) {
      const std::string table = tables.text_at(0);
      auto columns = db().prepare("SELECT name FROM pragma_table_info(?1)");
      columns.bind(1, table);
      while (columns.step()) {
        const std::string column = columns.text_at(0);
        auto hits = db().prepare("SELECT COUNT(*) FROM \"" + table + "\" WHERE instr(CAST(\"" + column +
                                 "\" AS TEXT), ?1) > 0");
        hits.bind(1, needle);
        hits.step();
        if (hits.int_at(0) > 0) found.push_back(table + "." + column);
      }
    }
    return found;
  }

  /// True when the database file, after a checkpoint, holds `needle` anywhere, free pages included.
  bool file_holds(const std::string& needle) {
    db().prepare("PRAGMA wal_checkpoint(TRUNCATE)").step();
    std::ifstream in(db().path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes.find(needle) != std::string::npos;
  }

  /// A resident with a plan, a follow, a word in a group, an answered and an open question; then forgotten.
  void live_and_forget() {
    say("/start");
    say("/volg BI-2026-0001");
    say("hallo allemaal", kGroup);
    say("/vraag");
    say(kAnsweredQuestion);
    answer_open_question();
    deliver_everything();
    say("/vraag");
    say(kOpenQuestion);
    ASSERT_TRUE(file_holds(kName) && file_holds(kUserId) && file_holds("Kwakernaatstraat")) << "what is erased was there";
    say("/vergeetmij");
    say("ja");
    deliver_everything();
  }

  int update_id_ = 0;
};

TEST_F(ForgetMe, NoTableHoldsTheNameTheIdsOrTheOpenQuestion) {
  live_and_forget();
  EXPECT_THAT(cells_holding(kName), IsEmpty());
  EXPECT_THAT(cells_holding(kUserId), IsEmpty());
  EXPECT_THAT(cells_holding("Kwakernaatstraat"), IsEmpty());
  EXPECT_THAT(cells_holding("hallo allemaal"), IsEmpty());
}

TEST_F(ForgetMe, TheFileHoldsNoneOfItAfterACheckpoint) {
  live_and_forget();
  EXPECT_FALSE(file_holds(kName));
  EXPECT_FALSE(file_holds(kUserId));
  EXPECT_FALSE(file_holds("Kwakernaatstraat"));
}

// The search's indexes (V16) follow the erasure: neither the search nor the indexes themselves find the
// erased words, while the answered question stays findable.
TEST_F(ForgetMe, TheSearchAndItsIndexesFindNoneOfIt) {
  live_and_forget();
  for (const std::string search : {"Kwakernaatstraat", "Wilhelmina", "Zuiderhoeve"}) {
    EXPECT_THAT(storage::InboxQueries(db()).list({.search = search}), IsEmpty()) << search;
    for (const std::string index : {"inbox_messages_fts", "residents_fts"})
      EXPECT_EQ(scalar("SELECT COUNT(*) FROM " + index + " WHERE " + index + " MATCH '\"" + search + "\"'"), 0)
          << index << " " << search;
  }
  EXPECT_EQ(storage::InboxQueries(db()).list({.search = "grofvuil"}).size(), 1u) << "the answered question stays";
}

TEST_F(ForgetMe, AnAnsweredQuestionStaysAsTheMunicipalitysRecordWithoutTheName) {
  live_and_forget();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbox_threads"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbox_threads WHERE address = ''"), 1);
  EXPECT_EQ(cells_holding("grofvuil"), std::vector<std::string>{"inbox_messages.text"});
  EXPECT_EQ(cells_holding("Beste bewoner (gewist), in week 12."), std::vector<std::string>{"inbox_messages.text"});
  const auto threads = storage::InboxQueries(db()).list({});
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads.front().resident_name, "bewoner (gewist)");
}

TEST_F(ForgetMe, TheGoodbyeIsSentAndThenEmptied) {
  say("/vergeetmij");
  say("ja");
  const auto goodbye = storage::Outbox(db()).pending_for("telegram", kUserId);
  ASSERT_EQ(goodbye.size(), 1u) << "the goodbye still goes out";
  EXPECT_THAT(goodbye.front().payload, ::testing::HasSubstr("gewist"));
  deliver_everything();
  EXPECT_THAT(cells_holding(kUserId), IsEmpty());
}

// Sent after the "ja" that erased everything: the person wrote again, and that is a new contact.
TEST_F(ForgetMe, AMessageSentAfterTheForgetMeIsANewContact) {
  say("/vergeetmij");
  InboundMessage yes;
  yes.channel = "telegram";
  yes.conversation = yes.sender_id = yes.sender_address = kUserId;
  yes.sender_name = kName;
  yes.text = "ja";
  yes.external_id = "yes";
  InboundMessage again = yes;
  again.text = "/start";
  again.external_id = "again";
  Dispatcher dispatcher(db(), config_, flows_);
  dispatcher.accept(yes);
  dispatcher.accept(again);  // journaled before the forget-me has run
  dispatcher.drain(std::chrono::system_clock::now());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbound WHERE external_id = 'yes' AND payload = '{}'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbound WHERE external_id = 'again' AND payload <> '{}'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM residents WHERE forgotten_at IS NULL AND display_name <> ''"), 1);
}

TEST_F(ForgetMe, RetentionEmptiesHandledRowsOfEveryoneAfterTheirDays) {
  say("/start");
  deliver_everything();
  say("/vraag");  // handled now, and its reply waits: neither is old enough
  db().prepare("UPDATE inbound SET processed_at = '2020-01-01T00:00:00Z' WHERE id = 1").run();
  db().prepare("UPDATE outbox SET created_at = '2020-01-01T00:00:00Z'").run();
  const auto sent = scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'");
  const auto waiting = scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
  ASSERT_GT(sent, 0);
  ASSERT_GT(waiting, 0);
  EXPECT_EQ(storage::Journal(db()).expire(30, 100), 1);
  EXPECT_EQ(storage::Outbox(db()).expire(30, 100), sent) << "sent rows only; the waiting reply stays whole";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbound WHERE payload = '{}'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE payload = '{}' AND address = ''"), sent);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND payload <> '{}'"), waiting);
}

}  // namespace
}  // namespace buurtbot
