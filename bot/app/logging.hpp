#pragma once
// One named spdlog logger per area, configured in one place.

#include <string>

namespace buurtbot {

/// Registers the area loggers (http, telegram, matrix, email, flows, storage, outbox, dispatch, cli),
/// all writing to standard error so the terminal chat keeps standard output for the conversation.
void setup_logging(const std::string& level);

}  // namespace buurtbot
