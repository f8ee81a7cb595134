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

TEST_F(AdminActions, RevokeTokensCountsThemAndKnowsNoStranger) {
  storage::Officers officers(db());
  officers.add("anna", "Anna", "officer", "hash");
  officers.add_token(officers.find_by_login("anna")->id, "token-hash");
  EXPECT_EQ(revoke_officer_tokens(db(), "anna", "cli"), 1);
  EXPECT_EQ(revoke_officer_tokens(db(), "anna", "cli"), 0);
  EXPECT_EQ(revoke_officer_tokens(db(), "nobody", "cli"), std::nullopt);
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
