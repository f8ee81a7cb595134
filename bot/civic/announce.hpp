#pragma once
// Announcements to the officers: a resident's new question or message, told to the officers' group chat
// (inbox.announce_channel and inbox.announce_address) so nobody has to keep the inbox page open.

#include "config/config.hpp"
#include "flows/definition.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <string>

namespace buurtbot {

/// What happened in a thread that officers should hear of.
enum class ThreadEvent { new_question, new_message };

/// Queues the announcement (in the words of `texts`) in the caller's transaction; does nothing when no
/// officers' chat is configured.
void announce_to_officers(storage::Database& db, const config::Config& config, const flows::FlowSet& texts,
                          const storage::Resident& resident, storage::Id thread_id, const std::string& channel,
                          const std::string& text, ThreadEvent event);

/// `text` cut to at most `max_bytes` bytes on a UTF-8 character boundary, with "…" when it was cut.
std::string shortened(const std::string& text, std::size_t max_bytes);

}  // namespace buurtbot
