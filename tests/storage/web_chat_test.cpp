// The web chat's sessions, keys, events and resume codes (schema V12).

#include "storage/web_chat.hpp"
#include "tests/storage/temp_database.hpp"

namespace buurtbot::storage {
namespace {

class WebChatStore : public testing::TempDatabaseTest {
 protected:
  WebChat chat() { return WebChat(db()); }
};

TEST_F(WebChatStore, ASessionIsFoundByAnyOfItsKeysAndByItsAddress) {
  const auto session = chat().create("web-abcdefghijklmnopqrstuv", "hash-1", 30);
  chat().add_key(session.id, "hash-2");
  EXPECT_EQ(chat().by_key("hash-1")->id, session.id);
  EXPECT_EQ(chat().by_key("hash-2")->id, session.id);
  EXPECT_EQ(chat().by_address("web-abcdefghijklmnopqrstuv")->id, session.id);
  EXPECT_FALSE(chat().by_key("hash-3"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM web_session_keys WHERE key_hash LIKE 'hash-%'"), 2);
}

TEST_F(WebChatStore, EventsAreNumberedPerSessionAndStoredOncePerClientIdOrOutboxRow) {
  const auto a = chat().create("web-aaaaaaaaaaaaaaaaaaaaaa", "a", 30);
  const auto b = chat().create("web-bbbbbbbbbbbbbbbbbbbbbb", "b", 30);
  EXPECT_EQ(chat().add_event(a.id, R"({"n":1})", std::string("c1"), std::nullopt).seq, 1);
  EXPECT_EQ(chat().add_event(a.id, R"({"n":2})", std::nullopt, 7).seq, 2);
  EXPECT_EQ(chat().add_event(b.id, R"({"n":1})", std::nullopt, 8).seq, 1);
  const auto again = chat().add_event(a.id, R"({"n":"again"})", std::string("c1"), std::nullopt);
  EXPECT_FALSE(again.added);
  EXPECT_EQ(again.seq, 1);
  EXPECT_FALSE(chat().add_event(a.id, R"({"n":"retry"})", std::nullopt, 7).added);
  const auto events = chat().events_after(a.id, 1, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].seq, 2);
  EXPECT_EQ(events[0].json, R"({"n":2})");
}

TEST_F(WebChatStore, AnExpiredSessionIsGoneWithEverythingOfIt) {
  const auto old = chat().create("web-oooooooooooooooooooooo", "old", 1);
  const auto live = chat().create("web-llllllllllllllllllllll", "live", 1);
  chat().add_event(old.id, "{}", std::string("c"), std::nullopt);
  chat().set_resume_code(old.id, "code", 10);
  db().prepare("UPDATE web_sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE id = ?1").bind(1, old.id).run();
  EXPECT_FALSE(chat().by_key("old"));
  EXPECT_FALSE(chat().live(old.id));
  EXPECT_EQ(chat().expire(), 1);
  EXPECT_TRUE(chat().live(live.id));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM web_events"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM web_session_keys WHERE key_hash = 'old'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM web_resume_codes"), 0);
}

TEST_F(WebChatStore, AResumeCodeWorksOnceAndNotAfterItsTime) {
  const auto session = chat().create("web-rrrrrrrrrrrrrrrrrrrrrr", "r", 30);
  chat().set_resume_code(session.id, "first", 10);
  chat().set_resume_code(session.id, "second", 10);
  EXPECT_FALSE(chat().take_resume_code("first")) << "a new code replaces the old one";
  EXPECT_EQ(chat().take_resume_code("second")->id, session.id);
  EXPECT_FALSE(chat().take_resume_code("second"));
  chat().set_resume_code(session.id, "late", 10);
  db().exec("UPDATE web_resume_codes SET expires_at = '2000-01-01T00:00:00Z'");
  EXPECT_FALSE(chat().take_resume_code("late"));
}

}  // namespace
}  // namespace buurtbot::storage
