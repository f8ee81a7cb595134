// Canned responses as stored: ordered by title, titles unique regardless of case.
#include "storage/canned.hpp"

#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

class StorageCanned : public TempDatabaseTest {};

TEST_F(StorageCanned, ListIsByTitleAndShowsWhoChangedItLast) {
  CannedResponses canned(db());
  const auto waste = canned.add("Vuilnis", "De vuilniswagen komt op dinsdag.", "officer:anna");
  canned.add("Bomen", "Een boom aanvragen kan via het loket.", "officer:bert");
  const auto all = canned.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].title, "Bomen");
  EXPECT_EQ(all[1].title, "Vuilnis");
  EXPECT_EQ(all[1].updated_by, "officer:anna");
  EXPECT_FALSE(all[1].updated_at.empty());
  EXPECT_TRUE(canned.update(waste.id, "Afval", "Nieuwe tekst", "officer:bert"));
  EXPECT_EQ(canned.find(waste.id)->text, "Nieuwe tekst");
  EXPECT_EQ(canned.find(waste.id)->updated_by, "officer:bert");
  EXPECT_EQ(canned.list()[0].title, "Afval");
  EXPECT_FALSE(canned.update(999, "x", "y", "officer:bert"));
}

TEST_F(StorageCanned, TitlesAreUniqueRegardlessOfCase) {
  CannedResponses canned(db());
  const auto waste = canned.add("Vuilnis", "Tekst", "officer:anna");
  EXPECT_THROW(canned.add("vuilnis", "Andere tekst", "officer:anna"), StorageError);
  EXPECT_EQ(canned.find_by_title("VUILNIS")->id, waste.id);
  EXPECT_FALSE(canned.find_by_title("Bomen"));
}

TEST_F(StorageCanned, RemoveDeletesOnce) {
  CannedResponses canned(db());
  const auto waste = canned.add("Vuilnis", "Tekst", "officer:anna");
  EXPECT_TRUE(canned.remove(waste.id));
  EXPECT_FALSE(canned.remove(waste.id));
  EXPECT_TRUE(canned.list().empty());
}

}  // namespace
}  // namespace buurtbot::storage::testing
