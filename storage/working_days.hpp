#pragma once
// Working-day arithmetic for the promise to a resident ("binnen 3 werkdagen") and the deadline the
// officers see: one pure rule, so the resident and the officer mean the same moment.

#include <chrono>
#include <vector>

namespace buurtbot::storage {

/// The moment `hours` hours after `start`, counting only the hours of working days: Monday to Friday,
/// except the `holidays`. A start on a weekend or holiday counts from the next working day's midnight.
/// Everything is in UTC: the config names no time zone.
std::chrono::sys_seconds add_working_hours(std::chrono::sys_seconds start, int hours,
                                           const std::vector<std::chrono::sys_days>& holidays);

/// The working days promised for `hours`: hours / 24, rounded up (72 → 3, 12 → 1).
int promised_working_days(int hours);

}  // namespace buurtbot::storage
