// The administrators' actions the command line and the officers' API share, on the demo database.
#include "bot/civic/admin_actions.hpp"

#include "storage/officers.hpp"
#include "tests/bot/demo_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot {
namespace {

using AdminActions = testing::DemoDatabaseTest;

TEST_F(AdminActions, AddWorkgroupRefusesUnknownThemesAndTakenNamesAndAuditsTheTheme) {
  EXPECT_EQ(add_workgroup(db(), config_, "Raketten", "ruimtevaart", "", "cli").result,
            AddWorkgroupResult::unknown_theme);
  const auto added = add_workgroup(db(), config_, "Spelen Noord", "spelen", "Speeltuinen", "cli");
  ASSERT_EQ(added.result, AddWorkgroupResult::ok);
  EXPECT_EQ(storage::Workgroups(db()).find(added.workgroup.id)->name, "Spelen Noord");
  EXPECT_EQ(add_workgroup(db(), config_, "Spelen Noord", "spelen", "", "cli").result, AddWorkgroupResult::name_taken);
  const auto audit = storage::Audit(db()).list();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "workgroup.add");
  EXPECT_EQ(audit[0].detail, "spelen");
}

TEST_F(AdminActions, DisablingTwiceIsAuditedOnceAndAnUnknownLoginIsRefused) {
  storage::Officers(db()).add("anna", "Anna", "officer", "hash");
  EXPECT_TRUE(set_officer_disabled(db(), "anna", true, "cli"));
  EXPECT_TRUE(set_officer_disabled(db(), "anna", true, "cli"));
  EXPECT_TRUE(storage::Officers(db()).find_by_login("anna")->disabled);
  EXPECT_FALSE(set_officer_disabled(db(), "nobody", true, "cli"));
  EXPECT_EQ(storage::Audit(db()).list().size(), 1u);
  EXPECT_TRUE(set_officer_disabled(db(), "anna", false, "cli"));
  EXPECT_FALSE(storage::Officers(db()).find_by_login("anna")->disabled);
  EXPECT_EQ(storage::Audit(db()).list()[0].action, "officer.enable");
}

TEST_F(AdminActions, RevokeCountsTokensAndSessionsAndKnowsNoStranger) {
  storage::Officers officers(db());
  const auto anna = officers.add("anna", "Anna", "officer", "hash");
  officers.add_token(anna.id, "token-hash");
  officers.add_session(anna.id, "session-hash", "csrf", std::chrono::hours(1));
  auto revoked = revoke_officer_credentials(db(), "anna", "cli");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->tokens, 1);
  EXPECT_EQ(revoked->sessions, 1);
  EXPECT_EQ(revoke_officer_credentials(db(), "anna", "cli")->tokens, 0);
  EXPECT_EQ(revoke_officer_credentials(db(), "nobody", "cli"), std::nullopt);
  EXPECT_EQ(storage::Audit(db()).list()[1].detail, "tokens: 1, sessions: 1");
}

TEST_F(AdminActions, RevokingEndsTheBrowserSessionsAsWellAsTheTokens) {
  storage::Officers officers(db());
  const auto anna = officers.add("anna", "Anna", "officer", "hash");
  const auto bert = officers.add("bert", "Bert", "admin", "hash");
  officers.add_token(anna.id, "token-hash");
  officers.add_session(anna.id, "session-anna", "csrf", std::chrono::hours(1));
  officers.add_session(bert.id, "session-bert", "csrf", std::chrono::hours(1));
  ASSERT_TRUE(revoke_officer_credentials(db(), "anna", "cli"));
  EXPECT_FALSE(officers.find_by_token("token-hash"));
  EXPECT_FALSE(officers.find_session("session-anna"));
  EXPECT_TRUE(officers.find_session("session-bert"));
}

TEST_F(AdminActions, AnOfficerEnabledAgainHasNoOldCredentials) {
  storage::Officers officers(db());
  const auto anna = officers.add("anna", "Anna", "officer", "hash");
  officers.add_token(anna.id, "token-hash");
  officers.add_session(anna.id, "session-hash", "csrf", std::chrono::hours(1));
  ASSERT_TRUE(set_officer_disabled(db(), "anna", true, "cli"));
  ASSERT_TRUE(set_officer_disabled(db(), "anna", false, "cli"));
  EXPECT_FALSE(officers.find_by_token("token-hash"));
  EXPECT_FALSE(officers.find_session("session-hash"));
}

TEST_F(AdminActions, OnlyADeadOutboxRowIsSentAgain) {
  storage::Outbox outbox(db());
  const auto pending = outbox.enqueue("telegram", "7001", R"({"text":"hallo"})", 0);
  const auto dead = outbox.enqueue("telegram", "7002", R"({"text":"hallo"})", 0);
  outbox.mark_dead(dead, "bot was blocked by the user");
  EXPECT_EQ(retry_outbox_row(db(), pending, "cli"), OutboxRetryResult::not_dead);
  EXPECT_EQ(retry_outbox_row(db(), 999, "cli"), OutboxRetryResult::not_found);
  EXPECT_EQ(retry_outbox_row(db(), dead, "cli"), OutboxRetryResult::ok);
  EXPECT_EQ(outbox.find(dead)->status, "pending");
  EXPECT_EQ(storage::Audit(db()).list()[0].action, "outbox.retry");
}

}  // namespace
}  // namespace buurtbot
