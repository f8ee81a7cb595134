#include "bot/civic/status.hpp"

#include "flows/loader.hpp"

#include <gtest/gtest.h>

namespace buurtbot {
namespace {

TEST(InitiativeStatus, OfficersFollowTheDesignedPath) {
  EXPECT_TRUE(can_change_status("submitted", "in_review", Changer::officer));
  EXPECT_TRUE(can_change_status("in_review", "needs_info", Changer::officer));
  EXPECT_TRUE(can_change_status("needs_info", "in_review", Changer::officer));
  EXPECT_TRUE(can_change_status("accepted", "in_progress", Changer::officer));
  EXPECT_TRUE(can_change_status("in_progress", "done", Changer::officer));
  EXPECT_FALSE(can_change_status("submitted", "done", Changer::officer));
  EXPECT_FALSE(can_change_status("rejected", "accepted", Changer::officer));
  EXPECT_FALSE(can_change_status("submitted", "withdrawn", Changer::officer));
}

TEST(InitiativeStatus, OnlyTheSubmitterWithdrawsAndOnlyBeforeTheWorkStarts) {
  EXPECT_TRUE(can_change_status("submitted", "withdrawn", Changer::submitter));
  EXPECT_TRUE(can_change_status("needs_info", "withdrawn", Changer::submitter));
  EXPECT_FALSE(can_change_status("in_progress", "withdrawn", Changer::submitter));
  EXPECT_FALSE(can_change_status("done", "withdrawn", Changer::submitter));
  EXPECT_FALSE(can_change_status("submitted", "in_review", Changer::submitter));
}

TEST(InitiativeStatus, RejectionAndRequestForInformationNeedAnAnswer) {
  EXPECT_TRUE(status_needs_answer("rejected"));
  EXPECT_TRUE(status_needs_answer("needs_info"));
  EXPECT_FALSE(status_needs_answer("accepted"));
}

TEST(InitiativeStatus, EveryStateHasWordsAndAMeaningInBothLanguages) {
  const auto loaded = flows::load_flows(std::string(BUURTBOT_SOURCE_DIR) + "/flows");
  ASSERT_TRUE(loaded.ok());
  const auto& texts = loaded.flows;
  for (auto key : all_statuses()) {
    for (auto lang : {flows::Lang::nl, flows::Lang::en}) {
      EXPECT_NE(status_label(texts, key, lang), "status_" + std::string(key)) << key;
      EXPECT_FALSE(status_meaning(texts, key, lang).empty()) << key;
    }
  }
  EXPECT_EQ(status_label(texts, "in_review", flows::Lang::nl), "in behandeling");
  EXPECT_EQ(status_label(texts, "rejected", flows::Lang::en), "not accepted");
  EXPECT_EQ(status_label(texts, "bogus", flows::Lang::nl), "bogus");
  EXPECT_FALSE(is_status("bogus"));
}

TEST(InitiativeStatus, NextStatusesListTheOfficersChoices) {
  auto next = next_statuses("in_review");
  EXPECT_EQ(next.size(), 3u);
  EXPECT_TRUE(next_statuses("done").empty());
}

}  // namespace
}  // namespace buurtbot
