#pragma once
// A mail address a resident left in a channel's own form (the web chat's): officers' answers to a
// question asked there go to it too, or it gets the link that opens the conversation on another device.

#include "bot/core/message.hpp"
#include "config/config.hpp"
#include "flows/definition.hpp"
#include "storage/database.hpp"

#include <string>

namespace buurtbot {

/// Handles a "mail_answers" or "mail_resume" event (InboundMessage::mail_to) inside the caller's
/// transaction: stores the address for answers, or queues the resume mail on the e-mail channel.
/// Returns what the conversation is told.
std::string leave_mail_address(storage::Database& db, const config::Config& config, const flows::FlowSet& texts,
                               const InboundMessage& event, flows::Lang fallback);

}  // namespace buurtbot
