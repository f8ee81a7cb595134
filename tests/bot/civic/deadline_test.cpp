// One rule for the promise to the resident and the officers' deadline: inbox.first_response_hours on working days.
#include "bot/civic/deadline.hpp"

#include "bot/pipeline/dispatcher.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono;

// Friday 6 March 2026, 20:00 UTC.
const sys_seconds kFridayEvening = sys_days(year(2026) / 3 / 6) + hours(20);

class DeadlineTest : public testing::DemoDatabaseTest {
 protected:
  // Anna asks a question at `now`; returns what her chat was sent.
  std::string ask_at(system_clock::time_point now) {
    int id = 0;
    for (const std::string text : {"/vraag", "Wanneer wordt het gras in het park gemaaid?"}) {
      InboundMessage m;
      m.channel = "telegram";
      m.conversation = m.sender_id = "7001";
      m.sender_name = "Anna";
      m.language = "nl";
      m.text = text;
      m.external_id = std::to_string(++id);
      Dispatcher dispatcher(db(), config_, flows_);
      dispatcher.accept(m);
      dispatcher.drain(now);
    }
    std::string all;
    for (const auto& row : storage::Outbox(db()).pending_for("telegram", "7001")) all += row.payload + "\n";
    return all;
  }

  storage::InboxThread the_thread() { return storage::Inbox(db()).threads_of(1).at(0); }
};

TEST_F(DeadlineTest, AQuestionOnFridayEveningIsDueOnWednesdayEvening) {
  const auto told = ask_at(kFridayEvening);
  EXPECT_EQ(the_thread().due_at, "2026-03-11T20:00:00Z");
  EXPECT_THAT(told, HasSubstr("binnen 3 werkdagen antwoord"));
}

TEST_F(DeadlineTest, ThePromiseAndTheDeadlineFollowTheConfig) {
  config_.inbox.first_response_hours = 24;
  config_.inbox.holidays = {"2026-03-09"};  // the Monday after
  const auto told = ask_at(kFridayEvening);
  EXPECT_EQ(the_thread().due_at, "2026-03-10T20:00:00Z");
  EXPECT_THAT(told, HasSubstr("binnen 1 werkdag antwoord"));
}

TEST_F(DeadlineTest, APromiseInEnglishCountsWorkingDays) {
  config_.inbox.first_response_hours = 30;
  EXPECT_EQ(promised_working_days(flows_, config_, flows::Lang::en), "2 working days");
  EXPECT_EQ(promised_working_days(flows_, config_, flows::Lang::nl), "2 werkdagen");
  config_.inbox.first_response_hours = 5;
  EXPECT_EQ(promised_working_days(flows_, config_, flows::Lang::en), "1 working day");
}

}  // namespace
}  // namespace buurtbot
