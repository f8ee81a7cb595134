#include "storage/working_days.hpp"

#include <algorithm>

namespace buurtbot::storage {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

bool is_working_day(sys_days day, const std::vector<sys_days>& holidays) {
  const std::chrono::weekday weekday{day};
  if (weekday == std::chrono::Saturday || weekday == std::chrono::Sunday) return false;
  return std::find(holidays.begin(), holidays.end(), day) == holidays.end();
}

}  // namespace

std::chrono::sys_seconds add_working_hours(std::chrono::sys_seconds start, int hours,
                                           const std::vector<sys_days>& holidays) {
  auto left = std::chrono::seconds(std::chrono::hours(std::max(hours, 0)));
  auto at = start;
  // A day at a time: what is left either fits in the rest of this working day or moves on to the next day.
  for (;;) {
    const auto today = std::chrono::floor<days>(at);
    const std::chrono::sys_seconds midnight = today + days(1);
    if (is_working_day(today, holidays)) {
      if (left <= midnight - at) return at + left;
      left -= midnight - at;
    }
    at = midnight;
  }
}

int promised_working_days(int hours) { return (std::max(hours, 1) + 23) / 24; }

}  // namespace buurtbot::storage
