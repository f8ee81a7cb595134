#pragma once
// The one rule for "binnen 3 werkdagen": a thread's first answer is due inbox.first_response_hours after it
// opened, counted on working days (storage/working_days.hpp). The deadline is stored with the thread, the
// resident is promised the same hours as whole working days.

#include "config/config.hpp"
#include "flows/definition.hpp"

#include <chrono>
#include <string>

namespace buurtbot {

/// When a thread that opens at `now` must have its first answer, as stored (ISO 8601 UTC).
std::string first_response_due(const config::Config& config, std::chrono::system_clock::time_point now);

/// What the resident is promised, in the words of `texts`: "3 werkdagen", "1 working day".
std::string promised_working_days(const flows::FlowSet& texts, const config::Config& config, flows::Lang lang);

}  // namespace buurtbot
