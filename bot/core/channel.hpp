#pragma once
// A channel, both halves: what it receives (HTTP routes or a poller, each handing normalized messages
// to the journal) and what it sends (one outbox row at a time), with the policy the outbox keeps for it.
// Every channel implements this in its own folder under adapters/; bot/app is the only place that
// knows the list.

#include "bot/core/message.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot {

namespace storage {
class Database;
}  // namespace storage

/// Why a send failed, in the terms the outbox needs to decide: retry, wait, or give up.
struct SendError {
  int status = 0;                          ///< HTTP status, 0 when the request never got an answer
  std::chrono::milliseconds retry_after{}; ///< the channel asked us to wait this long (Telegram 429, Matrix M_LIMIT_EXCEEDED)
  bool network = false;                    ///< connection refused, reset or timed out
  bool unreachable = false;                ///< the person blocked the bot or it left the chat: stop sending there
  std::string detail;                      ///< the channel's own description, for officers

  /// True when trying again later may succeed.
  bool retryable() const { return !unreachable && (network || status == 429 || status >= 500); }
};

/// Empty when delivered.
using SendResult = std::optional<SendError>;

/// A channel's send limits, kept by the outbox. A limit of 0 or less means no limit; the defaults are
/// Telegram's, and a channel without limits says so with unlimited().
struct RateLimits {
  int global_per_second = 30;  ///< all sends of the channel (the bot account) together
  int chat_per_second = 1;     ///< one chat, private or group
  int group_per_minute = 20;   ///< one group chat, on top of its per-second limit
  /// Tells group chats from private ones by address; empty: every address is a private chat.
  std::function<bool(std::string_view address)> is_group;
  /// A retry_after from this channel holds back the whole account (Matrix) rather than one chat (Telegram).
  bool retry_after_pauses_channel = false;

  /// Limits that never hold anything back, for channels without any (terminal, web chat).
  static RateLimits unlimited();
};

/// How the outbox delivers to a channel.
struct DeliveryPolicy {
  RateLimits limits = RateLimits::unlimited();
  int senders = 1;  ///< sends in flight at once, each to another recipient
};

/// What a channel can show, so the core words its messages for it. Markup and length are the
/// adapter's to render: the core writes plain text, and the adapter escapes it for its format (HTML on
/// Telegram and Matrix) and splits what is longer than one message holds, counted in the channel's own
/// unit after its own markup (Telegram: UTF-16 units; Matrix: bytes of the event).
struct Capabilities {
  bool buttons = false;  ///< choices appear as buttons to press; without them the resident types a number
  /// Every reply continues the thread of the message it answers (e-mail: a reply in the same mail
  /// thread). Without it only an officer's answer, which comes hours later, refers to the resident's
  /// message; a reply a second after it needs no quote (Matrix, Telegram).
  bool replies_in_thread = false;
  /// A refusal and the question asked again go out as one message. Channels that pace messages per
  /// chat (Telegram: about one a second) want this; a chat window that shows each bubble at once may not.
  bool join_notice_and_question = true;
};

/// A link anyone can follow to open a conversation with the bot on a channel (the public pages show them).
struct StartLink {
  std::string url;
  /// The command comes with the link (Telegram's start parameter, a mail's subject); without it the
  /// resident types the command once the chat is open.
  bool carries_command = false;
};

/// What each channel can show, by channel name; a channel not named shows no buttons.
using ChannelCapabilities = std::map<std::string, Capabilities, std::less<>>;

/// What became of a message handed to the journal.
enum class Journaled { stored, duplicate, failed };

/// How far a poller got in its source, stored under a name of its own in the journal's database.
struct ChannelPosition {
  std::string name;   ///< "matrix.next_batch", "email.imap.INBOX"
  std::string value;  ///< the poller's own notation
};

/// Where a channel hands what it received: the journal. Implemented by the pipeline.
class JournalSink {
 public:
  virtual ~JournalSink() = default;
  /// Queues `message` for the next grouped commit; `done` runs once it is durable (or failed), so a
  /// webhook is answered only after its message is safe.
  virtual void journal(InboundMessage message, std::function<void(Journaled)> done) = 0;
  /// True when the pipeline is behind: a webhook then refuses (503) and the channel delivers again.
  virtual bool backlogged() const = 0;
  /// Journals every message and waits until all are durable; false when one failed. For pollers, which
  /// move their cursor only past what is stored.
  bool journal_all(std::vector<InboundMessage> messages);
  /// Where a poller got to under `name` (Matrix's /sync token, an IMAP mailbox's UIDVALIDITY and last
  /// UID), kept with the journal; empty before the first save; throws when it cannot be read.
  virtual std::string position(const std::string& name) { (void)name; return {}; }
  /// Saves a position alone; false when it could not be stored (the poller then fetches the same again).
  /// For a fetch that carried nothing to journal: what did carry messages goes through
  /// journal_with_position().
  virtual bool save_position(const std::string& name, const std::string& value) {
    (void)name, (void)value;
    return false;
  }
  /// Journals every message and saves `position` in one database transaction, and waits until both are
  /// durable; false when they were not stored (then neither was). A crash can thus never keep a position
  /// past messages that were lost, nor messages without the position that says they were taken. The
  /// pipeline's override is atomic; this fallback, for sinks without a database of their own (test
  /// doubles), journals and then saves.
  virtual bool journal_with_position(std::vector<InboundMessage> messages, const ChannelPosition& position) {
    return journal_all(std::move(messages)) && save_position(position.name, position.value);
  }
  /// Runs `job` with the journal's database on the thread that writes it, between two grouped commits,
  /// for a channel that keeps state of its own there (the web chat's sessions and events). The
  /// pipeline implements it; a sink without a database throws std::logic_error.
  virtual void run(std::function<void(storage::Database&)> job);
};

/// One HTTP route a channel serves, such as its webhook.
struct InboundRoute {
  std::string method;
  std::string path;
  http::Handler handler;
  bool prefix = false;  ///< every path that starts with `path` (a protocol's own API, such as Matrix's /_matrix/app/)
  /// Its own body limit for an exact path (mail with photos); 0: the server's (server.max_body_bytes).
  std::size_t max_body_bytes = 0;
  /// For an exact path: refuses a request from its header alone, before its body is read (a webhook's
  /// wrong secret), so no one without the secret makes the server read max_body_bytes.
  http::Precheck before_body = {};
};

/// One channel. Implementations are `final` and live in adapters/<name>/. send() is called from several
/// threads at once when the policy has more than one sender.
class Channel {
 public:
  virtual ~Channel() = default;
  /// The channel's name as stored in identities, conversations and outbox rows ("telegram"); also its
  /// label in /metrics.
  virtual std::string_view name() const = 0;

  /// The HTTP routes its inbound side serves, each verifying the request, parsing it and journaling
  /// what it carries before answering.
  virtual std::vector<InboundRoute> routes(JournalSink& journal) { (void)journal; return {}; }
  /// Starts an inbound side that fetches on its own (a poller), handing batches to `journal`.
  virtual void start(JournalSink& journal) { (void)journal; }
  /// Stops what start() started; nothing reaches the journal after it returns.
  virtual void stop() {}

  /// Registers the channel's own series in /metrics (named buurtbot_<channel>_…); they may read the
  /// channel until it is destroyed, which happens after `metrics`.
  virtual void add_metrics(http::Metrics& metrics) { (void)metrics; }

  /// What the channel can show.
  virtual Capabilities capabilities() const { return {}; }
  /// A public link to a conversation with the bot, with `command` (such as "steun BI-2026-0042") in it
  /// where the channel can carry one; nullopt when the channel has no public address.
  virtual std::optional<StartLink> start_link(std::string_view command) const { (void)command; return std::nullopt; }
  /// True when `address` can be a conversation on this channel, for addresses that come from config.
  virtual bool valid_address(std::string_view address) const { return !address.empty(); }
  /// How the outbox paces this channel's sends.
  virtual DeliveryPolicy delivery() const { return {}; }
  /// Delivers one message; `idempotency_key` is the outbox id, reused on every retry of the same row.
  virtual SendResult send(const std::string& address, const OutboundMessage& message,
                          std::int64_t idempotency_key) = 0;
};

}  // namespace buurtbot
