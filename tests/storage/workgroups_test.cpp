#include "storage/repositories.hpp"

#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

class StorageWorkgroups : public TempDatabaseTest {};

TEST_F(StorageWorkgroups, JoiningTwiceReturnsFalseAndCountsOnce) {
  Workgroups workgroups(db());
  const auto green = workgroups.add("Groen Centrum", "groen", "Bomen en perken");
  const auto traffic = workgroups.add("Verkeer", "verkeer", "");
  const Id anna = resident("anna");
  EXPECT_TRUE(workgroups.join(green.id, anna));
  EXPECT_FALSE(workgroups.join(green.id, anna));
  EXPECT_TRUE(workgroups.join(traffic.id, anna));

  EXPECT_EQ(workgroups.find(green.id)->members, 1);
  EXPECT_EQ(workgroups.find_by_name("Groen Centrum")->id, green.id);
  EXPECT_FALSE(workgroups.find_by_name("Onbekend").has_value());
  EXPECT_EQ(workgroups.members(green.id), std::vector<Id>{anna});
  EXPECT_EQ(workgroups.of_resident(anna).size(), 2u);

  EXPECT_TRUE(workgroups.leave(green.id, anna));
  EXPECT_FALSE(workgroups.leave(green.id, anna));
  ASSERT_EQ(workgroups.of_resident(anna).size(), 1u);
  EXPECT_EQ(workgroups.of_resident(anna)[0].name, "Verkeer");
}

TEST_F(StorageWorkgroups, ListIsByName) {
  Workgroups workgroups(db());
  workgroups.add("Verkeer", "verkeer", "");
  workgroups.add("Groen Centrum", "groen", "");
  const auto all = workgroups.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Groen Centrum");
  EXPECT_EQ(all[1].name, "Verkeer");
}

TEST_F(StorageWorkgroups, ChatsForThemeFollowRelinking) {
  Workgroups workgroups(db());
  const auto green = workgroups.add("Groen Centrum", "groen", "");
  const auto green_north = workgroups.add("Groen Noord", "groen", "");
  const auto traffic = workgroups.add("Verkeer", "verkeer", "");
  workgroups.link_chat(green.id, "telegram", "-100");
  workgroups.link_chat(green_north.id, "matrix", "!noord:example.org");
  workgroups.link_chat(green.id, "email", "verkeer@example.org");
  workgroups.link_chat(traffic.id, "email", "verkeer@example.org");  // moves to Verkeer

  const auto green_chats = workgroups.chats_for_theme("groen");
  ASSERT_EQ(green_chats.size(), 2u);
  EXPECT_EQ(green_chats[0].address, "-100");
  EXPECT_EQ(green_chats[1].workgroup_id, green_north.id);
  const auto traffic_chats = workgroups.chats_for_theme("verkeer");
  ASSERT_EQ(traffic_chats.size(), 1u);
  EXPECT_EQ(traffic_chats[0].channel, "email");
}

TEST_F(StorageWorkgroups, UpdateRenamesAndChatsListTheLinksOfOneWorkgroup) {
  Workgroups workgroups(db());
  auto green = workgroups.add("Groen Centrum", "groen", "");
  const auto traffic = workgroups.add("Verkeer", "verkeer", "");
  workgroups.link_chat(green.id, "telegram", "-1001");
  workgroups.link_chat(traffic.id, "telegram", "-1002");
  green.name = "Groen Noord";
  green.description = "Bomen";
  EXPECT_TRUE(workgroups.update(green));
  EXPECT_EQ(workgroups.find(green.id)->name, "Groen Noord");
  EXPECT_EQ(workgroups.find(green.id)->description, "Bomen");
  green.name = "Verkeer";
  EXPECT_THROW(workgroups.update(green), StorageError);
  const auto chats = workgroups.chats(green.id);
  ASSERT_EQ(chats.size(), 1u);
  EXPECT_EQ(chats[0].address, "-1001");
  EXPECT_FALSE(chats[0].linked_at.empty());
  workgroups.unlink_chat("telegram", "-1001");
  EXPECT_TRUE(workgroups.chats(green.id).empty());
}

}  // namespace
}  // namespace buurtbot::storage::testing
