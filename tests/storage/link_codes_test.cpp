// Linking residents in storage: merging two, splitting one identity off, and where news goes.
#include "storage/link_codes.hpp"
#include "storage/repositories.hpp"
#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot::storage {
namespace {

class LinkedResidents : public testing::TempDatabaseTest {
 protected:
  Resident on(const std::string& channel, const std::string& id) {
    return Residents(db()).find_or_create(channel, id, id, "Anna", "nl");
  }
  Id plan() {
    Initiative draft;
    draft.title = "Bankje";
    return Initiatives(db()).create(draft, 2026).id;
  }
};

TEST_F(LinkedResidents, MergingKeepsOneSupportAndOneFollowPerPerson) {
  const auto phone = on("telegram", "7001");
  const auto library = on("email", "anna@example.org");
  const auto both = plan();
  const auto only_library = plan();
  Initiatives initiatives(db());
  for (auto id : {phone.id, library.id}) {
    initiatives.support(both, id);
    initiatives.follow(both, id);
  }
  initiatives.support(only_library, library.id);
  Residents(db()).merge(phone.id, library.id);
  EXPECT_EQ(initiatives.list().at(0).supports, 1);
  EXPECT_EQ(initiatives.list().at(0).followers, 1);
  EXPECT_EQ(initiatives.supported_by(phone.id).size(), 2u);
  EXPECT_EQ(Residents(db()).identities(phone.id).size(), 2u);
  EXPECT_FALSE(Residents(db()).find(library.id));
  EXPECT_EQ(on("email", "anna@example.org").id, phone.id);
}

TEST_F(LinkedResidents, NewsGoesToThePreferredIdentityElseTheLastUsed) {
  const auto anna = on("telegram", "7001");
  Residents(db()).merge(anna.id, on("email", "anna@example.org").id);
  on("email", "anna@example.org");
  EXPECT_EQ(Residents(db()).notification_identity(anna.id)->channel, "email");
  on("telegram", "7001");
  EXPECT_EQ(Residents(db()).notification_identity(anna.id)->channel, "telegram");
  const auto email = Residents(db()).identity_at(anna.id, "email", "anna@example.org");
  Residents(db()).set_preferred(anna.id, email->id);
  on("telegram", "7001");
  EXPECT_EQ(Residents(db()).notification_identity(anna.id)->channel, "email");
}

TEST_F(LinkedResidents, SplittingOffStartsAFreshResidentAndForgetsThePreference) {
  const auto anna = on("telegram", "7001");
  Residents(db()).merge(anna.id, on("email", "anna@example.org").id);
  const auto email = Residents(db()).identity_at(anna.id, "email", "anna@example.org");
  Residents(db()).set_preferred(anna.id, email->id);
  Initiatives(db()).support(plan(), anna.id);
  const auto fresh = Residents(db()).split_off(email->id, "en");
  EXPECT_NE(fresh, anna.id);
  EXPECT_EQ(Residents(db()).find(fresh)->language, "en");
  EXPECT_TRUE(Initiatives(db()).supported_by(fresh).empty());
  EXPECT_EQ(Residents(db()).notification_identity(anna.id)->channel, "telegram");
}

TEST_F(LinkedResidents, AResidentHasOneLinkCodeAtATime) {
  const auto anna = on("telegram", "7001");
  const auto identity = Residents(db()).identities(anna.id).at(0);
  LinkCodes codes(db());
  codes.replace(anna.id, identity.id, "hash-1", "2099-01-01T00:00:00Z");
  const auto second = codes.replace(anna.id, identity.id, "hash-2", "2099-01-01T00:00:00Z");
  EXPECT_FALSE(codes.find_by_hash("hash-1"));
  codes.mark_used(second);
  EXPECT_TRUE(codes.find_by_hash("hash-2")->used);
}

TEST_F(LinkedResidents, ForgettingRemovesTheLinkCodes) {
  const auto anna = on("telegram", "7001");
  LinkCodes(db()).replace(anna.id, Residents(db()).identities(anna.id).at(0).id, "hash", "2099-01-01T00:00:00Z");
  Residents(db()).forget(anna.id);
  EXPECT_FALSE(LinkCodes(db()).find_by_hash("hash"));
}

}  // namespace
}  // namespace buurtbot::storage
