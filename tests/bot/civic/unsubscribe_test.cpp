// Stopping news with the unsubscribe link of a news mail: the same change the chat's words make, and
// what each news list stops.
#include "bot/civic/notify.hpp"
#include "bot/civic/officer_actions.hpp"
#include "bot/pipeline/dispatcher.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot {
namespace {

class Unsubscribe : public testing::DemoDatabaseTest {
 protected:
  storage::Resident by_mail(const std::string& address) {
    return storage::Residents(db()).find_or_create("email", address, address, "", "nl");
  }

  // A plan by Carla, followed by Anna, both by mail.
  storage::Initiative followed_plan() {
    storage::Initiative draft;
    draft.title = "Bankje bij de speeltuin";
    draft.theme = "groen";
    draft.neighbourhood = "noord";
    draft.submitter_id = by_mail("carla@buurt.example").id;
    auto plan = storage::Initiatives(db()).create(draft, 2026);
    storage::Initiatives(db()).follow(plan.id, by_mail("anna@buurt.example").id);
    return plan;
  }

  // The link was followed: the channel journaled the address's "unsubscribe" event with the list.
  void unsubscribe(const std::string& address, const std::string& list) {
    InboundMessage m;
    m.channel = "email";
    m.conversation = address;
    m.sender_id = address;
    m.sender_address = address;
    m.event = "unsubscribe";
    m.text = list;
    m.external_id = "unsubscribe:" + address + list;
    Dispatcher dispatcher(db(), config_, flows_);
    dispatcher.accept(m);
    dispatcher.drain(std::chrono::system_clock::now());
  }

  std::vector<OutboundMessage> pending(const std::string& address) {
    std::vector<OutboundMessage> out;
    for (const auto& row : storage::Outbox(db()).pending_for("email", address))
      out.push_back(nlohmann::json::parse(row.payload).get<OutboundMessage>());
    return out;
  }

  void review(const storage::Initiative& plan) {
    ASSERT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "in_review", "", "officer:test"),
              StatusChangeResult::ok);
  }
};

TEST_F(Unsubscribe, NewsNamesTheListItComesFrom) {
  const auto plan = followed_plan();
  review(plan);
  ASSERT_EQ(pending("anna@buurt.example").size(), 1u);
  EXPECT_EQ(pending("anna@buurt.example").back().list, "follow:" + plan.ref);
  ASSERT_EQ(pending("carla@buurt.example").size(), 1u);
  EXPECT_EQ(pending("carla@buurt.example").back().list, "all") << "the submitter can stop every update";
}

TEST_F(Unsubscribe, AFollowersLinkUnfollowsThePlan) {
  const auto plan = followed_plan();
  unsubscribe("anna@buurt.example", "follow:" + plan.ref);
  EXPECT_TRUE(storage::Initiatives(db()).followers(plan.id).empty());
  review(plan);
  EXPECT_TRUE(pending("anna@buurt.example").empty());
  EXPECT_EQ(pending("carla@buurt.example").size(), 1u) << "the submitter still hears";
}

TEST_F(Unsubscribe, AllUpdatesStopsEveryNewsToTheAddress) {
  const auto plan = followed_plan();
  unsubscribe("carla@buurt.example", "all");
  review(plan);
  EXPECT_TRUE(pending("carla@buurt.example").empty());
  EXPECT_EQ(pending("anna@buurt.example").size(), 1u) << "a follower still hears";
}

TEST_F(Unsubscribe, AWorkgroupListLinkUnlinksThatChatOnly) {
  storage::Workgroups workgroups(db());
  const auto groen = workgroups.list().front();
  workgroups.link_chat(groen.id, "email", "groen@lijst.example");
  unsubscribe("groen@lijst.example", "workgroup:" + std::to_string(groen.id + 1000));
  EXPECT_EQ(workgroups.chats(groen.id).size(), 1u) << "another workgroup's link stops nothing here";
  unsubscribe("groen@lijst.example", "workgroup:" + std::to_string(groen.id));
  EXPECT_TRUE(workgroups.chats(groen.id).empty());
}

TEST_F(Unsubscribe, AWorkgroupMemberLinkLeavesTheWorkgroup) {
  storage::Workgroups workgroups(db());
  const auto groen = workgroups.list().front();
  workgroups.join(groen.id, by_mail("anna@buurt.example").id);
  unsubscribe("anna@buurt.example", "workgroup:" + std::to_string(groen.id));
  EXPECT_TRUE(workgroups.members(groen.id).empty());
}

TEST_F(Unsubscribe, AnUnknownAddressOrListChangesNothing) {
  const auto plan = followed_plan();
  unsubscribe("nobody@buurt.example", "follow:" + plan.ref);
  unsubscribe("anna@buurt.example", "follow:BI-2026-9999");
  unsubscribe("anna@buurt.example", "nonsense");
  EXPECT_EQ(storage::Initiatives(db()).followers(plan.id).size(), 1u);
}

}  // namespace
}  // namespace buurtbot
