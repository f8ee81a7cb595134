#include "bot/civic/deadline.hpp"

#include "bot/civic/action_kit.hpp"
#include "storage/working_days.hpp"

namespace buurtbot {

std::string first_response_due(const config::Config& config, std::chrono::system_clock::time_point now) {
  const auto due = storage::add_working_hours(std::chrono::floor<std::chrono::seconds>(now),
                                              config.inbox.first_response_hours, config::holiday_dates(config.inbox));
  return civic::iso_utc(due);
}

std::string promised_working_days(const flows::FlowSet& texts, const config::Config& config, flows::Lang lang) {
  const int days = storage::promised_working_days(config.inbox.first_response_hours);
  return texts.text(days == 1 ? "working_days_one" : "working_days_many", lang, {{"count", std::to_string(days)}});
}

}  // namespace buurtbot
