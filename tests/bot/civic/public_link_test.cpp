// News about a plan on the public pages links to its page there; a private or hidden plan's does not.
#include "bot/civic/officer_actions.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PublicPageLink : public testing::DemoDatabaseTest {
 protected:
  void SetUp() override {
    DemoDatabaseTest::SetUp();
    config_.municipality.public_url = "https://bot.gemeente.nl/";
  }

  // A plan by 7001 (Dutch), followed by 7002 (English).
  storage::Initiative plan(bool published) {
    storage::Residents residents(db());
    storage::Initiative draft;
    draft.title = "Bankje bij de speeltuin";
    draft.theme = "groen";
    draft.neighbourhood = "noord";
    draft.published = published;
    draft.submitter_id = residents.find_or_create("telegram", "7001", "7001", "Anna", "nl").id;
    auto created = storage::Initiatives(db()).create(draft, 2026);
    storage::Initiatives(db()).follow(created.id, residents.find_or_create("telegram", "7002", "7002", "Bo", "en").id);
    return created;
  }

  std::string last(const std::string& address) {
    auto rows = storage::Outbox(db()).pending_for("telegram", address);
    return rows.empty() ? std::string{} : nlohmann::json::parse(rows.back().payload).at("text").get<std::string>();
  }

  void review(const storage::Initiative& i) {
    ASSERT_EQ(change_initiative_status(db(), config_, flows_, i.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  }
};

TEST_F(PublicPageLink, NewsAboutAPublicPlanLinksToItsPage) {
  const auto i = plan(true);
  review(i);
  EXPECT_THAT(last("7001"), HasSubstr("Lees alles over het plan: https://bot.gemeente.nl/plannen/" + i.ref));
  EXPECT_THAT(last("7002"), HasSubstr("Read all about the plan: https://bot.gemeente.nl/plannen/" + i.ref));
}

TEST_F(PublicPageLink, APrivateOrHiddenPlanHasNoLink) {
  const auto kept = plan(false);
  review(kept);
  EXPECT_THAT(last("7001"), Not(HasSubstr("/plannen/")));
  const auto hidden = plan(true);
  storage::Initiatives(db()).set_hidden(hidden.id, true);
  review(hidden);
  EXPECT_THAT(last("7001"), Not(HasSubstr("/plannen/")));
}

TEST_F(PublicPageLink, NoAddressNoLink) {
  config_.municipality.public_url.clear();
  review(plan(true));
  EXPECT_THAT(last("7001"), Not(HasSubstr("/plannen/")));
}

}  // namespace
}  // namespace buurtbot
