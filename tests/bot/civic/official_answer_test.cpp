// An official answer given in Dutch and English: each resident reads the one in their language, and
// the one given when there is only one.
#include "bot/civic/notify.hpp"
#include "bot/civic/officer_actions.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class OfficialAnswers : public testing::DemoDatabaseTest {
 protected:
  storage::Resident resident(const std::string& address, const std::string& language) {
    return storage::Residents(db()).find_or_create("telegram", address, address, "Anna", language);
  }

  // A plan by a Dutch reader, followed by an English one, already under review.
  storage::Initiative plan_in_review() {
    storage::Initiative draft;
    draft.title = "Bankje bij de speeltuin";
    draft.theme = "groen";
    draft.neighbourhood = "noord";
    draft.submitter_id = resident("7001", "nl").id;
    auto plan = storage::Initiatives(db()).create(draft, 2026);
    storage::Initiatives(db()).follow(plan.id, resident("7002", "en").id);
    EXPECT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "in_review", "", "officer:test"),
              StatusChangeResult::ok);
    return plan;
  }

  std::string last(const std::string& address) {
    auto rows = storage::Outbox(db()).pending_for("telegram", address);
    return rows.empty() ? std::string{} : nlohmann::json::parse(rows.back().payload).at("text").get<std::string>();
  }
};

TEST_F(OfficialAnswers, EachResidentReadsTheAnswerInTheirLanguage) {
  const auto plan = plan_in_review();
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "rejected",
                                     OfficialAnswer{"Er staat al een bankje.", "There is a bench already."}, "officer:test"),
            StatusChangeResult::ok);
  EXPECT_THAT(last("7001"), AllOf(HasSubstr("Antwoord van de gemeente: Er staat al een bankje."),
                                  Not(HasSubstr("There is a bench"))));
  EXPECT_THAT(last("7002"), AllOf(HasSubstr("Answer from the municipality: There is a bench already."),
                                  Not(HasSubstr("Er staat al"))));
}

TEST_F(OfficialAnswers, AResidentGetsTheOnlyAnswerGivenWhateverItsLanguage) {
  const auto plan = plan_in_review();
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "rejected",
                                     OfficialAnswer{"", "There is a bench already."}, "officer:test"),
            StatusChangeResult::ok);
  EXPECT_THAT(last("7001"), HasSubstr("Antwoord van de gemeente: There is a bench already."));
  EXPECT_THAT(last("7002"), HasSubstr("Answer from the municipality: There is a bench already."));
}

TEST_F(OfficialAnswers, AnAnswerInEnglishAloneIsAnAnswer) {
  const auto plan = plan_in_review();
  EXPECT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "rejected", OfficialAnswer{"", "No room."},
                                     "officer:test"),
            StatusChangeResult::ok);
}

TEST_F(OfficialAnswers, TheHistoryKeepsBothLanguages) {
  const auto plan = plan_in_review();
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, plan.ref, "accepted", OfficialAnswer{"Goed plan.", "Good plan."},
                                     "officer:test"),
            StatusChangeResult::ok);
  const auto history = storage::Initiatives(db()).history(plan.id);
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().answer, "Goed plan.");
  EXPECT_EQ(history.back().answer_en, "Good plan.");
}

}  // namespace
}  // namespace buurtbot
