#include "storage/repositories.hpp"

#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

class StorageResidents : public TempDatabaseTest {};

TEST_F(StorageResidents, FindOrCreateReturnsTheSameResidentAndRefreshesTheIdentity) {
  Residents residents(db());
  const auto first = residents.find_or_create("telegram", "1001", "chat-1", "Anna", "en");
  const auto again = residents.find_or_create("telegram", "1001", "chat-2", "Anna J.", "nl");
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.language, "en");  // chosen at creation, not overwritten by a later message
  const auto identities = residents.identities(first.id);
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0].address, "chat-2");
  EXPECT_EQ(identities[0].display_name, "Anna J.");

  EXPECT_NE(residents.find_or_create("matrix", "1001", "!room", "Anna", "nl").id, first.id);
}

TEST_F(StorageResidents, KnownIdentityWithTheSameNameAndAddressWritesNothing) {
  Residents residents(db());
  const auto first = residents.find_or_create("telegram", "1001", "chat-1", "Anna", "nl");
  db().exec("UPDATE residents SET language = language WHERE id = -1");  // the last write now changed nothing
  ASSERT_EQ(db().changes(), 0);
  const auto again = residents.find_or_create("telegram", "1001", "chat-1", "Anna", "nl");
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.display_name, "Anna");
  EXPECT_EQ(db().changes(), 0) << "no identity row was written";
  residents.find_or_create("telegram", "1001", "chat-1", "Anna J.", "nl");
  EXPECT_EQ(db().changes(), 1) << "the new name was written";
  EXPECT_EQ(residents.identities(first.id).at(0).display_name, "Anna J.");
}

TEST_F(StorageResidents, SetLanguage) {
  Residents residents(db());
  const Id anna = resident("anna");
  residents.set_language(anna, "en");
  EXPECT_EQ(residents.find(anna)->language, "en");
  EXPECT_FALSE(residents.find(anna + 100).has_value());
}

TEST_F(StorageResidents, UnreachableUntilTheResidentWritesAgain) {
  Residents residents(db());
  const auto anna = residents.find_or_create("telegram", "1001", "chat-1", "Anna", "nl");
  residents.mark_unreachable("telegram", "chat-1");
  EXPECT_TRUE(residents.identities(anna.id).at(0).unreachable);
  residents.find_or_create("telegram", "1001", "chat-1", "Anna", "nl");
  EXPECT_FALSE(residents.identities(anna.id).at(0).unreachable);
}

TEST_F(StorageResidents, AnUnreachableMarkKeepsWhyAndWhenUntilTheResidentWritesAgain) {
  Residents residents(db());
  const auto anna = residents.find_or_create("email", "anna@buurt.example", "anna@buurt.example", "Anna", "nl");
  residents.mark_unreachable("email", "anna@buurt.example", "5.1.1: 550 User unknown");
  const auto marked = residents.identities(anna.id).at(0);
  EXPECT_EQ(marked.unreachable_reason, "5.1.1: 550 User unknown");
  EXPECT_EQ(marked.unreachable_since.size(), std::string("2026-12-07T10:55:05Z").size());
  residents.find_or_create("email", "anna@buurt.example", "anna@buurt.example", "Anna", "nl");
  EXPECT_EQ(residents.identities(anna.id).at(0).unreachable_reason, "");
  EXPECT_EQ(residents.identities(anna.id).at(0).unreachable_since, "");
}

TEST_F(StorageResidents, StoppedNewsIsStoppedOnce) {
  Residents residents(db());
  const auto anna = residents.find_or_create("email", "anna@buurt.example", "anna@buurt.example", "Anna", "nl");
  EXPECT_TRUE(residents.stop_news("email", "anna@buurt.example"));
  EXPECT_FALSE(residents.stop_news("email", "anna@buurt.example"));
  EXPECT_FALSE(residents.stop_news("email", "nobody@buurt.example"));
  EXPECT_TRUE(residents.identities(anna.id).at(0).news_stopped);
  EXPECT_TRUE(residents.identity_by_address("email", "anna@buurt.example")->news_stopped);
}

TEST_F(StorageResidents, ConversationStateIsSavedPerChannelAndAddress) {
  Conversations conversations(db());
  const Id anna = resident("anna");
  EXPECT_FALSE(conversations.load("terminal", "anna").has_value());
  conversations.save("terminal", "anna", anna, R"({"step":"title"})");
  conversations.save("terminal", "anna", anna, R"({"step":"theme"})");
  conversations.save("telegram", "-100", 0, R"({"step":"link"})");  // a group chat has no resident
  EXPECT_EQ(conversations.load("terminal", "anna"), R"({"step":"theme"})");
  EXPECT_EQ(conversations.load("telegram", "-100"), R"({"step":"link"})");
}

TEST_F(StorageResidents, ForgetAnonymizesButKeepsInitiativesAndSupports) {
  Residents residents(db());
  const auto anna = residents.find_or_create("telegram", "1001", "chat-1", "Anna", "nl");
  const Id bram = resident("bram");
  Initiatives initiatives(db());
  const auto bench = initiatives.create(draft("Bankje", anna.id), 2026);
  initiatives.support(bench.id, anna.id);
  initiatives.support(bench.id, bram);
  initiatives.follow(bench.id, anna.id);
  initiatives.follow(bench.id, bram);
  Workgroups workgroups(db());
  const auto green = workgroups.add("Groen Centrum", "groen", "");
  workgroups.join(green.id, anna.id);
  Conversations(db()).save("telegram", "chat-1", anna.id, "{}");
  Inbox inbox(db());
  const Id thread = inbox.open_thread(anna.id, "telegram", "chat-1", "Wanneer wordt het gras gemaaid?",
                                      {.due_at = "", .initiative_id = std::nullopt, .channel_thread = "mail-ids-and-subject"});
  inbox.add_message(thread, "out", "officer:1", "Volgende week.");

  residents.forget(anna.id);

  const auto tombstone = residents.find(anna.id);
  ASSERT_TRUE(tombstone.has_value());
  EXPECT_EQ(tombstone->display_name, "");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM residents WHERE forgotten_at IS NOT NULL"), 1);
  EXPECT_TRUE(residents.identities(anna.id).empty());
  EXPECT_FALSE(Conversations(db()).load("telegram", "chat-1").has_value());
  const auto kept = initiatives.find(bench.ref);
  ASSERT_TRUE(kept.has_value());
  EXPECT_FALSE(kept->submitter_id.has_value());
  EXPECT_EQ(kept->supports, 2);
  EXPECT_EQ(initiatives.followers(bench.id), std::vector<Id>{bram});
  EXPECT_TRUE(workgroups.members(green.id).empty());
  // An answered question stays as the municipality's record, without the address.
  ASSERT_EQ(inbox.threads_of(anna.id).size(), 1u);
  EXPECT_EQ(inbox.threads_of(anna.id).front().address, "");
  EXPECT_EQ(inbox.threads_of(anna.id).front().channel_thread, "") << "a mail's ids and subject are the resident's too";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbox_messages"), 2);

  // The same person writing again is a new resident: nothing links them to the tombstone.
  EXPECT_NE(residents.find_or_create("telegram", "1001", "chat-1", "Anna", "nl").id, anna.id);
  EXPECT_EQ(residents.find(bram)->display_name, "bram");
}

// A web chat's resident leaves a mail address for answers: it is the identity's, read back with it,
// cleared with "", and gone with the identity when the resident is forgotten, news waiting for it too.
TEST_F(StorageResidents, AnAnswerAddressIsTheIdentitysAndGoesWithIt) {
  Residents residents(db());
  const auto anna = residents.find_or_create("web", "s-1", "s-1", "", "nl");
  const auto identity = residents.identity_by_address("web", "s-1");
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->answer_email, "");
  residents.set_answer_email(identity->id, "anna@buurt.example");
  EXPECT_EQ(residents.identity_by_address("web", "s-1")->answer_email, "anna@buurt.example");
  EXPECT_EQ(residents.identities(anna.id).front().answer_email, "anna@buurt.example");

  Outbox(db()).enqueue("email", "anna@buurt.example", R"({"text":"Het antwoord"})", 1);
  residents.forget(anna.id);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM identities WHERE answer_email <> ''"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE address = 'anna@buurt.example'"), 0)
      << "an answer on its way to the address goes with it";
}

}  // namespace
}  // namespace buurtbot::storage::testing
