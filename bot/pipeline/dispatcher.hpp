#pragma once
// The dispatcher: takes journaled inbound messages through the flows, one savepoint per message.

#include "bot/core/channel.hpp"
#include "bot/core/message.hpp"
#include "config/config.hpp"
#include "flows/engine.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace buurtbot::storage {
class Journal;
}  // namespace buurtbot::storage

namespace buurtbot {

/// Stores `message` in the journal (its payload is the message as JSON), inside the caller's
/// transaction; false when the channel delivered this event before. Every inbound message enters the
/// journal here, whether the pipeline's grouped commit or Dispatcher::accept brings it: bytes that are
/// not UTF-8 become U+FFFD, a text longer than `limits.max_journal_text_bytes` is cut and marked
/// (text_cut_from), and the bytes of its attachments are kept within `limits` in the same commit.
bool journal_message(storage::Database& db, const InboundMessage& message, const config::StorageConfig& limits);

/// The flows a group chat may run: the group link, started by its own words and by those of the
/// identity link (`/link` in a group links the group; in a private chat, the person's channels).
flows::FlowSet group_flows_of(const flows::FlowSet& all);

/// Runs journal rows through the flow engine. Each row is handled in one savepoint: the new conversation
/// state, the domain change, every outbox row and the row's processed mark, all or nothing. The
/// pipeline groups the savepoints of many rows into one transaction, so they share one fsync.
class Dispatcher final {
 public:
  /// `capabilities` tells how each channel shows choices, so the flows word their prompts for it.
  Dispatcher(storage::Database& db, const config::Config& config, const flows::FlowSet& flows,
             ChannelCapabilities capabilities = {})
      : db_(db), config_(config), flows_(flows), group_flows_(group_flows_of(flows)),
        capabilities_(std::move(capabilities)) {}

  /// Stores a message in the journal; false when the channel delivered this event before.
  bool accept(const InboundMessage& message);

  /// Handles one journal row; on an unexpected error the resident is told and the row is closed. When the
  /// database fails (storage::database_failed) the error goes up and the row stays for another try.
  void process(const storage::JournalRow& row, flows::Clock::time_point now);

  /// Handles every unprocessed row, oldest first; returns how many.
  int drain(flows::Clock::time_point now);

  /// The flows and the texts of the message files it runs on.
  const flows::FlowSet& flows() const { return flows_; }

 private:
  void handle(const InboundMessage& message, storage::Id row_id, flows::Clock::time_point now);
  /// Channel events and group chats; true when the message needs nothing more (no flow step).
  bool handle_event_or_group(const InboundMessage& message, flows::Clock::time_point now);
  /// What `channel` can show; a channel not registered shows no buttons.
  Capabilities shown_on(const std::string& channel) const;
  /// Queues the replies to `message` in its conversation; after a forget-me they erase themselves once sent.
  /// `about`: what the step made the conversation about (ActionContext::replies_about).
  void reply(const InboundMessage& message, const std::vector<flows::Reply>& replies, bool forgotten = false,
             const std::string& about = {});
  /// The engine's settings for a message on `channel`.
  flows::EngineSettings settings_for(const std::string& channel) const;
  /// Runs the step's action; `replies_about` gets what the replies are about (ActionContext::replies_about).
  bool run_action(flows::StepResult& result, const flows::FlowSet& flows, const InboundMessage& message,
                  storage::Resident& resident, flows::Clock::time_point now, std::string& replies_about);
  /// True for a command that starts the group link (/koppel), which belongs in a group chat.
  bool is_group_link_command(const std::string& text) const;
  void apologise(const InboundMessage& message, storage::Id row_id);

  storage::Database& db_;
  const config::Config& config_;
  const flows::FlowSet& flows_;
  flows::FlowSet group_flows_;
  ChannelCapabilities capabilities_;
};

}  // namespace buurtbot
