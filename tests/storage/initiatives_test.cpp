#include "storage/repositories.hpp"

#include "tests/storage/temp_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

class StorageInitiatives : public TempDatabaseTest {};

TEST_F(StorageInitiatives, ReferencesAreNumberedPerYear) {
  Initiatives initiatives(db());
  EXPECT_EQ(initiatives.create(draft("Een"), 2025).ref, "BI-2025-0001");
  EXPECT_EQ(initiatives.create(draft("Twee"), 2025).ref, "BI-2025-0002");
  EXPECT_EQ(initiatives.create(draft("Drie"), 2026).ref, "BI-2026-0001");
  EXPECT_EQ(initiatives.create(draft("Vier"), 2025).ref, "BI-2025-0003");
  EXPECT_EQ(initiatives.create(draft("Vijf"), 2026).ref, "BI-2026-0002");
}

TEST_F(StorageInitiatives, OnlyPublishedPlansThatNoOfficerHidAreOnThePublicPages) {
  Initiatives initiatives(db());
  auto shown = draft("Moestuin");
  shown.published = true;
  auto hidden = draft("Zebrapad");
  hidden.published = true;
  const auto kept_private = initiatives.create(draft("Bankje"), 2026);
  const auto first = initiatives.create(shown, 2026);
  const auto second = initiatives.create(hidden, 2026);
  initiatives.set_hidden(second.id, true);
  EXPECT_FALSE(kept_private.published);
  EXPECT_TRUE(initiatives.find(second.ref)->hidden);

  const auto plans = initiatives.public_plans({});
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].ref, first.ref);
  initiatives.set_hidden(second.id, false);
  EXPECT_EQ(initiatives.public_plans({}).size(), 2u);
  EXPECT_EQ(initiatives.public_plans({.words = "zebra"}).size(), 1u);
  EXPECT_EQ(initiatives.public_plans({.words = first.ref}).size(), 1u);
  EXPECT_EQ(initiatives.public_plans({.limit = 1}).size(), 1u);
}

// The public list pages after the last plan shown, by its last change and then its id: plans changed at
// the same second are split across pages without a repeat or a gap.
TEST_F(StorageInitiatives, ThePublicListPagesAfterTheLastPlanShown) {
  Initiatives initiatives(db());
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) {
    auto plan = draft("Plan " + std::to_string(i));
    plan.published = true;
    ids.push_back(initiatives.create(plan, 2026).id);
  }
  db().exec("UPDATE initiatives SET updated_at = '2026-01-01T00:00:00Z'");
  std::vector<Id> seen;
  std::optional<PageCursor> after;
  for (int pages = 0; pages < 4; ++pages) {
    const auto plans = initiatives.public_plans({.limit = 2, .after = after});
    for (const auto& plan : plans) seen.push_back(plan.id);
    if (plans.empty()) break;
    after = PageCursor{plans.back().updated_at, plans.back().id};
  }
  EXPECT_EQ(seen, (std::vector<Id>{ids[4], ids[3], ids[2], ids[1], ids[0]}));
}

TEST_F(StorageInitiatives, CreateStoresTheDraftAsSubmittedWithAFirstHistoryRow) {
  const Id anna = resident("anna");
  auto input = draft("Bankje bij de vijver", anna);
  input.help = {"money", "permission"};
  input.amount_cents = 125000;
  input.status = "done";  // ignored: a new initiative is always submitted
  Initiatives initiatives(db());
  const auto created = initiatives.create(input, 2026);

  const auto found = initiatives.find(created.ref);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, created.id);
  EXPECT_EQ(found->title, "Bankje bij de vijver");
  EXPECT_EQ(found->theme, "groen");
  EXPECT_EQ(found->neighbourhood, "centrum");
  EXPECT_EQ(found->help, (std::vector<std::string>{"money", "permission"}));
  EXPECT_EQ(found->amount_cents, 125000);
  EXPECT_EQ(found->submitter_id, anna);
  EXPECT_EQ(found->status, "submitted");
  EXPECT_EQ(found->created_at.size(), 20u) << found->created_at;  // 2026-01-31T12:00:00Z

  const auto history = initiatives.history(created.id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].from_status, "");
  EXPECT_EQ(history[0].to_status, "submitted");
  EXPECT_EQ(history[0].actor, "resident:" + std::to_string(anna));
}

TEST_F(StorageInitiatives, EmptyHelpAndAmountStayEmpty) {
  Initiatives initiatives(db());
  const auto created = initiatives.create(draft("Bankje"), 2026);
  EXPECT_TRUE(created.help.empty());
  EXPECT_FALSE(created.amount_cents.has_value());
  EXPECT_FALSE(created.submitter_id.has_value());
}

TEST_F(StorageInitiatives, ChangeStatusAppendsToTheHistory) {
  Initiatives initiatives(db());
  const auto created = initiatives.create(draft("Bankje"), 2026);
  initiatives.change_status(created.id, "in_review", "We bekijken het.", "officer:7");
  initiatives.change_status(created.id, "accepted", "Akkoord.", "officer:7");

  EXPECT_EQ(initiatives.find(created.ref)->status, "accepted");
  const auto history = initiatives.history(created.id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2].from_status, "in_review");
  EXPECT_EQ(history[2].to_status, "accepted");
  EXPECT_EQ(history[2].answer, "Akkoord.");
  EXPECT_EQ(history[2].actor, "officer:7");
}

TEST_F(StorageInitiatives, ChangeStatusOfAnUnknownInitiativeThrows) {
  EXPECT_THROW(Initiatives(db()).change_status(999, "accepted", "", "officer:1"), StorageError);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM initiative_status_history"), 0);
}

TEST_F(StorageInitiatives, SupportingTwiceReturnsFalseAndCountsOnce) {
  const Id anna = resident("anna");
  const Id bram = resident("bram");
  Initiatives initiatives(db());
  const auto created = initiatives.create(draft("Bankje"), 2026);
  EXPECT_TRUE(initiatives.support(created.id, anna));
  EXPECT_FALSE(initiatives.support(created.id, anna));
  EXPECT_TRUE(initiatives.support(created.id, bram));
  EXPECT_EQ(initiatives.find(created.ref)->supports, 2);
}

TEST_F(StorageInitiatives, SupportingAnUnknownInitiativeThrows) {
  EXPECT_THROW(Initiatives(db()).support(999, resident("anna")), StorageError);
}

TEST_F(StorageInitiatives, FollowAndUnfollow) {
  const Id anna = resident("anna");
  const Id bram = resident("bram");
  Initiatives initiatives(db());
  const auto bench = initiatives.create(draft("Bankje"), 2026);
  const auto tree = initiatives.create(draft("Boom"), 2026);
  EXPECT_TRUE(initiatives.follow(bench.id, anna));
  EXPECT_FALSE(initiatives.follow(bench.id, anna));
  EXPECT_TRUE(initiatives.follow(bench.id, bram));
  EXPECT_TRUE(initiatives.follow(tree.id, anna));

  EXPECT_EQ(initiatives.followers(bench.id), (std::vector<Id>{anna, bram}));
  EXPECT_EQ(initiatives.find(bench.ref)->followers, 2);
  EXPECT_EQ(initiatives.followed_by(anna).size(), 2u);

  EXPECT_TRUE(initiatives.unfollow(bench.id, anna));
  EXPECT_FALSE(initiatives.unfollow(bench.id, anna));
  ASSERT_EQ(initiatives.followed_by(anna).size(), 1u);
  EXPECT_EQ(initiatives.followed_by(anna)[0].ref, tree.ref);
}

TEST_F(StorageInitiatives, ListFiltersOnEveryField) {
  const Id anna = resident("anna");
  Initiatives initiatives(db());
  auto traffic = draft("Drempel", anna);
  traffic.theme = "verkeer";
  traffic.neighbourhood = "noord";
  const auto bump = initiatives.create(traffic, 2026);
  const auto bench = initiatives.create(draft("Bankje"), 2026);
  initiatives.change_status(bench.id, "in_review", "", "officer:1");

  // The refs one filter field selects.
  const auto refs = [&](auto set) {
    InitiativeFilter filter;
    set(filter);
    std::vector<std::string> result;
    for (const auto& initiative : initiatives.list(filter)) result.push_back(initiative.ref);
    return result;
  };
  using Refs = std::vector<std::string>;
  EXPECT_EQ(refs([](auto&) {}), (Refs{bump.ref, bench.ref}));
  EXPECT_EQ(refs([](auto& f) { f.status = "in_review"; }), Refs{bench.ref});
  EXPECT_EQ(refs([](auto& f) { f.theme = "verkeer"; }), Refs{bump.ref});
  EXPECT_EQ(refs([](auto& f) { f.neighbourhood = "centrum"; }), Refs{bench.ref});
  EXPECT_EQ(refs([&](auto& f) { f.submitter_id = anna; }), Refs{bump.ref});
  EXPECT_TRUE(refs([](auto& f) { f.status = "done"; }).empty());
  EXPECT_EQ(refs([&](auto& f) {
              f.status = "submitted";
              f.submitter_id = anna;
            }),
            Refs{bump.ref});
  EXPECT_TRUE(refs([&](auto& f) {
                f.status = "in_review";
                f.submitter_id = anna;
              }).empty());
}

// With "(?4 IS NULL OR i.submitter_id = ?4)" a resident's own plans were found by reading every plan; with
// only the asked filters in the SQL, the submitter's and the status's indexes are used.
TEST_F(StorageInitiatives, TheListUsesTheIndexOfTheFilterAskedFor) {
  using ::testing::HasSubstr;
  const auto plan = [&](const InitiativeFilter& filter) {
    std::string text;
    auto rows = db().prepare("EXPLAIN QUERY PLAN " + Initiatives::list_sql(filter));
    while (rows.step()) text += rows.text_at(3) + "\n";
    return text;
  };
  const auto mine = plan(InitiativeFilter::submitted_by(1));
  EXPECT_THAT(mine, HasSubstr("SEARCH i USING INDEX initiatives_by_submitter (submitter_id=?)")) << mine;
  EXPECT_THAT(mine, ::testing::Not(HasSubstr("SCAN i"))) << mine;
  const auto in_review = plan({.status = "in_review"});
  EXPECT_THAT(in_review, HasSubstr("SEARCH i USING INDEX initiatives_by_status (status=?)")) << in_review;
}

// What residents can still support or follow, newest first, their own neighbourhood before the rest.
TEST_F(StorageInitiatives, OpenPlansAreNewestFirstWithTheResidentsNeighbourhoodFirst) {
  Initiatives initiatives(db());
  const Id anna = resident("anna");
  auto north = draft("Bankje in Noord", anna);
  north.neighbourhood = "noord";
  const auto first = initiatives.create(north, 2026);
  const auto second = initiatives.create(draft("Speeltuin opknappen"), 2026);
  const auto third = initiatives.create(draft("Bloembakken"), 2026);
  const auto gone = initiatives.create(draft("Speeltuin weg"), 2026);
  initiatives.change_status(gone.id, "withdrawn", "", "resident:1");
  const auto refs = [&](const std::string& words, const std::string& neighbourhood) {
    std::vector<std::string> found;
    for (const auto& i : initiatives.open_plans(words, neighbourhood, 10)) found.push_back(i.ref);
    return found;
  };
  EXPECT_EQ(refs("", ""), (std::vector<std::string>{third.ref, second.ref, first.ref}));
  EXPECT_EQ(initiatives.neighbourhood_of(anna), "noord");
  EXPECT_EQ(refs("", "noord"), (std::vector<std::string>{first.ref, third.ref, second.ref}));
  EXPECT_EQ(refs("speeltuin", ""), std::vector<std::string>{second.ref}) << "withdrawn plans are not open";
  EXPECT_EQ(refs("100%", ""), std::vector<std::string>{}) << "LIKE's wildcards are taken literally";
  EXPECT_EQ(initiatives.open_plans("", "", 2).size(), 2u);
}

TEST_F(StorageInitiatives, TheHomeAResidentNamedComesBeforeThePlaceOfTheirPlan) {
  Initiatives initiatives(db());
  Residents residents(db());
  const Id anna = resident("anna");
  EXPECT_FALSE(residents.home_known(anna));
  auto north = draft("Bankje in Noord", anna);
  north.neighbourhood = "noord";
  initiatives.create(north, 2026);
  EXPECT_TRUE(residents.home_known(anna)) << "the place of her plan counts";
  EXPECT_EQ(initiatives.neighbourhood_of(anna), "noord");
  residents.set_home(anna, "oost");
  EXPECT_EQ(initiatives.neighbourhood_of(anna), "oost");
  residents.set_home(anna, "none");
  EXPECT_EQ(initiatives.neighbourhood_of(anna), "") << "she would rather not say";
  EXPECT_TRUE(residents.home_known(anna));
  residents.forget(anna);
  EXPECT_EQ(residents.home(anna), "");
}

}  // namespace
}  // namespace buurtbot::storage::testing
