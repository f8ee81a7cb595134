#pragma once
// Stopping news at the reader's request: the unsubscribe link of a news mail (RFC 8058) names an address
// and a news list (OutboundMessage::list), and this does what the same wish does in a chat.

#include "config/config.hpp"
#include "flows/definition.hpp"
#include "storage/database.hpp"

#include <chrono>
#include <string>

namespace buurtbot {

/// Stops `list` for the owner of `address` on `channel`: "follow:BI-2026-0042" unfollows the plan (the
/// chat's unfollow), "workgroup:3" unlinks that workgroup's chat or takes its member out (the chat's
/// leave), "all" stops every update to the address. Call it inside a transaction; false when there was
/// nothing to stop (already stopped, an unknown address, list or plan).
bool stop_news(storage::Database& db, const config::Config& config, const flows::FlowSet& flows,
               const std::string& channel, const std::string& address, const std::string& list,
               std::chrono::system_clock::time_point now);

}  // namespace buurtbot
