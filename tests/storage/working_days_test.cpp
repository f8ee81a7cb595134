#include "storage/working_days.hpp"

#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

using namespace std::chrono;

// 2026-03-02 is a Monday; 2026-03-06 a Friday.
sys_seconds at(int month, int day, int hour, int minute = 0) {
  return sys_days(year(2026) / month / day) + hours(hour) + minutes(minute);
}

sys_days date(int month, int day) { return year(2026) / month / day; }

TEST(WorkingDays, HoursWithinTheWeekAreCountedAsThey) {
  EXPECT_EQ(add_working_hours(at(3, 2, 10), 72, {}), at(3, 5, 10));  // Monday 10:00 → Thursday 10:00
  EXPECT_EQ(add_working_hours(at(3, 2, 10), 5, {}), at(3, 2, 15));
}

TEST(WorkingDays, ADeadlineCrossingAWeekendSkipsIt) {
  EXPECT_EQ(add_working_hours(at(3, 4, 9), 72, {}), at(3, 9, 9));  // Wednesday → next Monday
}

TEST(WorkingDays, FridayEveningCountsItsLastHoursThenGoesOnOnMonday) {
  // Friday 20:00: 4 hours on Friday, then Monday, Tuesday and 20 hours of Wednesday.
  EXPECT_EQ(add_working_hours(at(3, 6, 20), 72, {}), at(3, 11, 20));
  EXPECT_EQ(add_working_hours(at(3, 6, 23, 30), 1, {}), at(3, 9, 0, 30));
}

TEST(WorkingDays, AStartInTheWeekendCountsFromMondayMidnight) {
  EXPECT_EQ(add_working_hours(at(3, 7, 12), 24, {}), at(3, 10, 0));  // Saturday → the end of Monday
  EXPECT_EQ(add_working_hours(at(3, 8, 23), 72, {}), at(3, 12, 0));  // Sunday → the end of Wednesday
}

TEST(WorkingDays, HolidaysAreSkippedLikeAWeekend) {
  // Good Friday 3 April and Easter Monday 6 April 2026.
  const std::vector<sys_days> easter{date(4, 3), date(4, 6)};
  EXPECT_EQ(add_working_hours(at(4, 2, 10), 24, easter), at(4, 7, 10));  // Thursday → Tuesday
  EXPECT_EQ(add_working_hours(at(4, 2, 10), 24, {}), at(4, 3, 10));      // without them: Friday
}

TEST(WorkingDays, AHolidayOnAWeekdayBeforeTheStartChangesNothing) {
  EXPECT_EQ(add_working_hours(at(3, 4, 9), 24, {date(3, 2)}), at(3, 5, 9));
}

TEST(WorkingDays, ThePromiseIsTheHoursInWholeDaysRoundedUp) {
  EXPECT_EQ(promised_working_days(72), 3);
  EXPECT_EQ(promised_working_days(24), 1);
  EXPECT_EQ(promised_working_days(25), 2);
  EXPECT_EQ(promised_working_days(1), 1);
}

}  // namespace
}  // namespace buurtbot::storage::testing
