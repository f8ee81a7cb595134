#pragma once
// Plain rows as the rest of buurtbot sees them. Timestamps are ISO 8601 UTC text, as stored.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::storage {

using Id = std::int64_t;

/// Where a page of a list ended: the sort key and the id of its last row. The next page starts right
/// after it, so rows added meanwhile are neither shown twice nor skipped, as they would be with OFFSET.
struct PageCursor {
  std::string key;  ///< the last row's sort key, an ISO 8601 time
  Id id = 0;

  /// As one word for a link or an answer: "2026-12-07T10:55:05Z.42".
  std::string text() const { return key + "." + std::to_string(id); }
  /// Reads text() back; nothing for anything else.
  static std::optional<PageCursor> parse(std::string_view text) {
    const auto dot = text.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    Id id = 0;
    const auto digits = text.substr(dot + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
    return PageCursor{std::string(text.substr(0, dot)), id};
  }
};

struct Resident {
  Id id = 0;
  std::string display_name;
  std::string language;  ///< "nl" or "en"
  std::string created_at;
};

/// How a resident is known on one channel, and where to reach them privately.
struct Identity {
  Id id = 0;
  Id resident_id = 0;
  std::string channel;      ///< "terminal", "telegram", "matrix", "email", "web"
  std::string external_id;  ///< the channel's user id
  std::string address;      ///< the private conversation (chat id, room id, mail address, terminal name)
  std::string display_name;
  bool unreachable = false;
  std::string unreachable_since;   ///< when it became unreachable ("2026-12-07T10:55:05Z"); empty while reachable
  std::string unreachable_reason;  ///< why, as the channel said it ("5.1.1 user unknown"); may be empty
  bool news_stopped = false;       ///< its owner stopped every update to it (an unsubscribe link)
  std::string answer_email;        ///< an officer's answer to a question asked here also goes to this mail address; may be empty
};

struct Initiative {
  Id id = 0;
  std::string ref;  ///< BI-2026-0042
  std::string title;
  std::string description;
  std::string theme;          ///< theme key from config
  std::string neighbourhood;  ///< neighbourhood key from config
  std::vector<std::string> help;  ///< money, permission, space, advice (empty: none)
  std::optional<std::int64_t> amount_cents;
  std::optional<Id> submitter_id;  ///< empty once the submitter used "forget me"
  std::string status;
  std::int64_t supports = 0;
  std::int64_t followers = 0;
  std::string created_at;
  std::string updated_at;
  bool published = false;  ///< the submitter agreed to show it on the public pages
  bool hidden = false;     ///< an officer took it off the public pages
};

struct StatusChange {
  std::string from_status;
  std::string to_status;
  std::string answer;  ///< the official answer in Dutch, or in the only language the officer wrote
  std::string actor;   ///< "officer:LOGIN", "resident:ID", "cli" or "system"
  std::string at;
  std::string answer_en;  ///< the same answer in English; empty when the officer gave one language
};

struct Workgroup {
  Id id = 0;
  std::string name;
  std::string theme;
  std::string description;
  std::int64_t members = 0;
};

/// A group chat linked to a workgroup (Telegram group, Matrix room, email list).
struct GroupChat {
  Id id = 0;
  Id workgroup_id = 0;
  std::string channel;
  std::string address;
  std::string linked_at;
};

struct InboxThread {
  Id id = 0;
  Id resident_id = 0;
  std::string channel;
  std::string address;
  std::string status;  ///< open, pending, resolved
  std::optional<Id> assignee_id;
  std::string created_at;
  std::string last_activity_at;
  std::optional<Id> initiative_id;    ///< the plan this thread is about (the submitter's answers), if any
  std::optional<std::string> due_at;  ///< when its first answer is due (ISO 8601 UTC); none for old rows without one
  /// The channel's reference of the thread of the resident's latest message here, on the thread's channel
  /// (InboundMessage::thread, opaque): an officer's answer is sent as a reply in it. Empty: none.
  std::string channel_thread;
};

/// What a new thread is linked to and promised.
struct ThreadOpening {
  std::string due_at;                ///< ISO 8601 UTC; empty: no deadline
  std::optional<Id> initiative_id;  ///< the plan the thread is about
  std::string channel_thread;       ///< the first message's InboundMessage::thread
};

/// Where a resident's message on an inbox thread came from: its channel and that channel's thread
/// reference (InboundMessage::thread). Officers' messages and messages from elsewhere have none.
struct MessageOrigin {
  std::string channel;
  std::string thread;
};

struct InboxMessage {
  Id id = 0;
  Id thread_id = 0;
  std::string direction;  ///< "in" (from the resident) or "out" (from an officer)
  std::string author;
  std::string text;
  std::string created_at;
};

/// A message the bot still has to send, or has sent.
struct OutboxRow {
  Id id = 0;
  std::string channel;
  std::string address;
  std::string payload;  ///< JSON of the outbound message
  int priority = 0;     ///< 0: reply to a live conversation, 1: notification, 2: broadcast
  std::string status;   ///< pending, sent, dead
  int attempts = 0;
  std::string last_error;
  std::string created_at;
  std::int64_t next_attempt_ms = 0;               ///< Unix milliseconds; not sent before (0: at once)
  std::optional<std::int64_t> first_attempt_ms;  ///< the first failed attempt, if any
};

/// One inbound event as journaled before it is acknowledged.
struct JournalRow {
  Id id = 0;
  std::string channel;
  std::string external_id;
  std::string conversation;  ///< the channel's conversation address, for per-conversation order
  std::string payload;       ///< JSON of the normalized inbound message
};

/// How long a queue is: rows waiting, and the age in seconds of the oldest one (0 when empty).
struct QueueDepth {
  std::int64_t rows = 0;
  double oldest_age_s = 0;
};

struct AuditEntry {
  Id id = 0;
  std::string actor;
  std::string action;
  std::string subject;
  std::string detail;
  std::string at;
};

}  // namespace buurtbot::storage
