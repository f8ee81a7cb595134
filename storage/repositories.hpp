#pragma once
// One narrow, synchronous interface per concern, over a Database. Callers own the transaction:
// every method runs on the connection as it is, so a dispatcher step can group many calls in one.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace buurtbot::storage {

/// Residents and their channel identities.
class Residents final {
 public:
  explicit Residents(Database& db) : db_(db) {}
  /// The resident behind (channel, external_id), created with `language` when new; the identity's
  /// address and display name are refreshed, and it counts as reachable again.
  Resident find_or_create(const std::string& channel, const std::string& external_id, const std::string& address,
                          const std::string& display_name, const std::string& language);
  /// The resident with this id; a forgotten resident is still found, with an empty name.
  std::optional<Resident> find(Id resident_id);
  /// Stores the resident's chosen language ("nl" or "en").
  void set_language(Id resident_id, const std::string& language);
  /// Stores where the resident lives: a neighbourhood key, or "none" when they would rather not say.
  void set_home(Id resident_id, const std::string& neighbourhood);
  /// True when the resident named their home, declined to, or submitted a plan (whose place counts).
  bool home_known(Id resident_id);
  /// What the resident said of their home: a neighbourhood key, "none", or empty when never asked.
  std::string home(Id resident_id);
  /// The resident's identities on every channel, oldest first.
  std::vector<Identity> identities(Id resident_id);
  /// The identity with this id.
  std::optional<Identity> identity(Id identity_id);
  /// The resident's identity on `channel` with this private address.
  std::optional<Identity> identity_at(Id resident_id, const std::string& channel, const std::string& address);
  /// Where a notification to the resident goes: their preferred identity, else the one they used last
  /// (kept up to date by find_or_create), else the newest; never an unreachable one.
  std::optional<Identity> notification_identity(Id resident_id);
  /// Makes `identity_id` the resident's preferred identity for notifications.
  void set_preferred(Id resident_id, Id identity_id);
  /// Stores the mail address an officer's answer to a question asked on this identity also goes to; ""
  /// stops it.
  void set_answer_email(Id identity_id, const std::string& address);
  /// Joins resident `gone` into `keep`: identities, plans, supports, follows, memberships, questions and
  /// conversations move; a support or follow both had counts once; `gone` is deleted.
  void merge(Id keep, Id gone);
  /// Moves one identity (and its conversations) to a fresh resident with no history; returns its id.
  Id split_off(Id identity_id, const std::string& language);
  /// Marks an identity unreachable (the resident blocked the bot, the mail bounced), so nothing more is
  /// sent to it; `reason` is the channel's own word for why, shown to officers.
  void mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason = {});
  /// Stops every update to this address (its owner unsubscribed); false when it was stopped already or unknown.
  bool stop_news(const std::string& channel, const std::string& address);
  /// The identity with this private address on `channel` (the newest, should two share it).
  std::optional<Identity> identity_by_address(const std::string& channel, const std::string& address);
  /// Erases personal data: name, identities, conversations, follows, memberships, unanswered questions,
  /// and what the journal and the outbox hold of the person; initiatives and supports stay, without a
  /// link to the person, and answered questions stay as the municipality's record, without address.
  void forget(Id resident_id);

 private:
  Database& db_;
};

/// Conversation state per (channel, address), stored as the engine's JSON.
class Conversations final {
 public:
  explicit Conversations(Database& db) : db_(db) {}
  /// The stored state of the conversation, if there is one.
  std::optional<std::string> load(const std::string& channel, const std::string& address);
  /// Inserts or replaces the state; `resident_id` 0 means a conversation without a resident (a group chat).
  void save(const std::string& channel, const std::string& address, Id resident_id, const std::string& state_json);

 private:
  Database& db_;
};

/// Filter for listing initiatives; empty fields match everything.
struct InitiativeFilter {
  std::string status;
  std::string theme;
  std::string neighbourhood;
  std::optional<Id> submitter_id;

  /// Only the initiatives this resident submitted.
  static InitiativeFilter submitted_by(Id resident_id) {
    InitiativeFilter filter;
    filter.submitter_id = resident_id;
    return filter;
  }
};

/// Initiatives, their status history, supports and followers.
/// What a visitor of the public pages asks for; empty fields do not filter.
struct PublicFilter {
  std::string status;
  std::string theme;
  std::string neighbourhood;
  std::string words;  ///< in the title or the description, or exactly the reference
  int limit = 200;
  std::optional<PageCursor> after;  ///< only the plans after this one in the list's order (the next page)
};

class Initiatives final {
 public:
  explicit Initiatives(Database& db) : db_(db) {}
  /// Stores a new initiative with status `submitted` and the next reference of `year` (BI-2026-0001…).
  Initiative create(Initiative draft, int year);
  /// The initiative with this reference, with its supports and followers counted.
  std::optional<Initiative> find(const std::string& ref);
  /// Initiatives matching the filter, oldest first, with their supports and followers counted.
  std::vector<Initiative> list(const InitiativeFilter& filter = {});
  /// The SQL list() runs for `filter`, with only the filters asked for (its query plan is tested).
  static std::string list_sql(const InitiativeFilter& filter);
  /// Plans residents can still support or follow, newest first and those in `neighbourhood` before the
  /// others; with `words`, only those whose title or description contains them. At most `limit`.
  std::vector<Initiative> open_plans(const std::string& words, const std::string& neighbourhood, int limit);
  /// Where the resident lives as they said (Residents::set_home), else the neighbourhood of their newest
  /// plan; empty when neither is known or they would rather not say.
  std::string neighbourhood_of(Id resident_id);
  /// Plans on the public pages: published by their submitter and not hidden by an officer, the latest
  /// change first, at most `filter.limit`.
  std::vector<Initiative> public_plans(const PublicFilter& filter);
  /// How many plans on the public pages match the filter, on every page together (limit and after
  /// count for nothing).
  std::int64_t count_public(const PublicFilter& filter);
  /// Takes the plan off the public pages, or puts it back (only if its submitter agreed).
  void set_hidden(Id initiative_id, bool hidden);
  /// Sets the status and appends to the history in one go, with the official answer in Dutch (or the
  /// only language given) and in English; throws StorageError for an unknown initiative or status,
  /// leaving both unchanged.
  void change_status(Id initiative_id, const std::string& to_status, const std::string& answer, const std::string& actor,
                     const std::string& answer_en = {});
  /// Every status change of the initiative, oldest first (the first one is "" → submitted).
  std::vector<StatusChange> history(Id initiative_id);
  /// False when the resident supported it already.
  bool support(Id initiative_id, Id resident_id);
  /// False when the resident followed it already.
  bool follow(Id initiative_id, Id resident_id);
  /// False when the resident did not follow it.
  bool unfollow(Id initiative_id, Id resident_id);
  /// The residents who follow the initiative.
  std::vector<Id> followers(Id initiative_id);
  /// Initiatives the resident follows.
  std::vector<Initiative> followed_by(Id resident_id);
  /// Initiatives the resident supports.
  std::vector<Initiative> supported_by(Id resident_id);

 private:
  Database& db_;
};

/// Workgroups, their members and their linked group chats.
class Workgroups final {
 public:
  explicit Workgroups(Database& db) : db_(db) {}
  /// Throws StorageError when the name is taken.
  Workgroup add(const std::string& name, const std::string& theme, const std::string& description);
  /// The workgroup with this id, with its members counted.
  std::optional<Workgroup> find(Id id);
  /// The workgroup with this exact name.
  std::optional<Workgroup> find_by_name(const std::string& name);
  /// Every workgroup, by name.
  std::vector<Workgroup> list();
  /// Replaces name, theme and description; false when there is no such workgroup, throws StorageError
  /// when the name is taken.
  bool update(const Workgroup& workgroup);
  /// The workgroups the resident is a member of, by name.
  std::vector<Workgroup> of_resident(Id resident_id);
  /// False when the resident was a member already.
  bool join(Id workgroup_id, Id resident_id);
  /// False when the resident was not a member.
  bool leave(Id workgroup_id, Id resident_id);
  /// The members' resident ids.
  std::vector<Id> members(Id workgroup_id);
  /// Links a group chat to the workgroup; a chat linked before moves to this workgroup.
  void link_chat(Id workgroup_id, const std::string& channel, const std::string& address);
  /// Stores a one-time code that links a group chat to the workgroup until `expires_at` (ISO 8601 UTC).
  void add_link_code(Id workgroup_id, const std::string& code, const std::string& expires_at);
  /// The workgroup of a valid code, which is used up by this call; nothing for an unknown or expired code.
  std::optional<Id> redeem_link_code(const std::string& code);
  /// Forgets a group chat (the bot was removed from it).
  void unlink_chat(const std::string& channel, const std::string& address);
  /// The group chats linked to the workgroup, oldest link first.
  std::vector<GroupChat> chats(Id workgroup_id);
  /// Group chats of every workgroup with this theme.
  std::vector<GroupChat> chats_for_theme(const std::string& theme);

 private:
  Database& db_;
};

/// The shared inbox: residents' questions and the messages in both directions.
class Inbox final {
 public:
  explicit Inbox(Database& db) : db_(db) {}
  /// Opens a thread with the resident's first message, its deadline and its plan; returns its id.
  Id open_thread(Id resident_id, const std::string& channel, const std::string& address, const std::string& text,
                 const ThreadOpening& opening = {});
  /// The resident's question thread (not a plan's) that is not resolved, if any.
  std::optional<InboxThread> open_thread_of(Id resident_id);
  /// The question thread (not a plan's) a resident's new message belongs to: the open one, or one resolved
  /// within `reopen_days` (which the message then reopens), newest first.
  std::optional<InboxThread> thread_to_continue_of(Id resident_id, int reopen_days);
  /// The thread about this plan, newest first, if there is one.
  std::optional<InboxThread> thread_of_initiative(Id initiative_id);
  /// Appends a message and updates the last activity; a resident's message ("in") on a pending or resolved thread
  /// reopens it, and the first officer's message ("out") sets the first response time.
  /// A resident's message that came with a channel thread (`origin`) on the thread's own channel makes it
  /// the thread's channel_thread.
  void add_message(Id thread_id, const std::string& direction, const std::string& author, const std::string& text,
                   const MessageOrigin& origin = {});
  /// The thread with this id.
  std::optional<InboxThread> find(Id thread_id);
  /// The resident's threads, newest first.
  std::vector<InboxThread> threads_of(Id resident_id);
  /// The thread's messages, oldest first.
  std::vector<InboxMessage> messages(Id thread_id);
  /// Sets open, pending or resolved; throws StorageError for an unknown thread or status.
  void set_status(Id thread_id, const std::string& status);

 private:
  Database& db_;
};

/// The inbound journal: every channel event stored once, before it is acknowledged.
class Journal final {
 public:
  explicit Journal(Database& db) : db_(db) {}
  /// Stores the event unless (channel, external_id) is there already; returns its id and whether it is new.
  std::pair<Id, bool> append(const JournalRow& row);
  /// Rows not yet processed, oldest first.
  std::vector<JournalRow> unprocessed(int limit = 1000);
  /// Marks the row handled, so it is not processed again after a restart.
  void mark_processed(Id id);
  /// Rows waiting to be processed and the age of the oldest.
  QueueDepth depth();
  /// Empties every handled row that came from this person (their private chat, or their messages in a
  /// group) to kErasedPayload; the row stays, so a late redelivery is still recognised and not run again.
  void erase_from(const std::string& channel, const std::string& sender_id, const std::string& address);
  /// Empties one row (the "forget me" itself, once handled).
  void erase(Id id);
  /// Empties at most `limit` rows handled more than `days` days ago, the oldest first; returns how many.
  int expire(int days, int limit);
  /// Where a channel's poller got to under `name` ("matrix.next_batch"); empty before its first save.
  std::string position(const std::string& name);
  void set_position(const std::string& name, const std::string& value);

 private:
  Database& db_;
};

/// What an erased journal or outbox row holds instead of its message.
inline constexpr std::string_view kErasedPayload = "{}";

/// Which outbox rows a list shows.
enum class OutboxRows { all, waiting, failed };

/// Messages to send, written in the same transaction as the change that caused them.
class Outbox final {
 public:
  explicit Outbox(Database& db) : db_(db) {}
  /// Adds a pending row; returns its id (reusable as the channel's idempotency key).
  Id enqueue(const std::string& channel, const std::string& address, const std::string& payload, int priority);
  /// Pending rows due at `now_ms`, only the oldest pending row of each recipient (channel, address)
  /// so that a recipient's messages keep their order; by priority, then age.
  std::vector<OutboxRow> due(std::int64_t now_ms, int limit = 100);
  /// The earliest next attempt after `now_ms` among pending rows.
  std::optional<std::int64_t> next_attempt_after(std::int64_t now_ms);
  /// Pending rows for one conversation, oldest first (the terminal prints them all at once).
  std::vector<OutboxRow> pending_for(const std::string& channel, const std::string& address);
  /// Rows newest first: every row, those still waiting (pending or dead), or the failed ones (dead, and
  /// pending ones that failed at least once).
  std::vector<OutboxRow> list(OutboxRows which = OutboxRows::all, int limit = 100);
  /// Marks the row sent.
  void mark_sent(Id id);
  /// Records a failed attempt: the row stays pending until `next_attempt_ms`.
  void reschedule(Id id, int attempts, std::int64_t next_attempt_ms, std::int64_t first_attempt_ms,
                  const std::string& reason);
  /// Holds the row back until `until_ms` without counting an attempt.
  void defer(Id id, std::int64_t until_ms);
  /// Gives the row up for good, with the reason officers see.
  void mark_dead(Id id, const std::string& reason);
  /// Forgets what was sent to a person's private address: pending rows go, the others are emptied.
  void erase_to(const std::string& channel, const std::string& address);
  /// Empties at most `limit` rows sent or given up and created more than `days` days ago, the oldest
  /// first; returns how many.
  int expire(int days, int limit);
  /// Gives up every pending row to one recipient (it blocked the bot, or the bot left the chat).
  void give_up_recipient(const std::string& channel, const std::string& address, const std::string& reason);
  /// Puts a failed row back in the queue, due at once (an officer's "retry").
  bool retry(Id id);
  /// The row with this id.
  std::optional<OutboxRow> find(Id id);
  /// Rows given up for good, newest first.
  std::vector<OutboxRow> dead(int limit = 100);
  /// Rows waiting to be sent and the age of the oldest.
  QueueDepth depth();

 private:
  Database& db_;
};

/// Who changed what, and when.
class Audit final {
 public:
  explicit Audit(Database& db) : db_(db) {}
  /// Appends an entry.
  void record(const std::string& actor, const std::string& action, const std::string& subject,
              const std::string& detail = {});
  /// The latest entries, newest first.
  std::vector<AuditEntry> list(int limit = 100);

 private:
  Database& db_;
};

}  // namespace buurtbot::storage
