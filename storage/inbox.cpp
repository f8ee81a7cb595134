// The shared inbox: threads and their messages.

#include "storage/repositories.hpp"

#include "storage/internal.hpp"

#include <spdlog/fmt/fmt.h>

namespace buurtbot::storage {
namespace {

// Shared by every query that returns threads; a WHERE clause below completes it.
constexpr std::string_view kSelectThreads =
    "SELECT id, resident_id, channel, address, status, assignee_id, created_at, last_activity_at, initiative_id, "
    "due_at, channel_thread FROM inbox_threads ";
constexpr std::string_view kWhereId = "WHERE id = ?1";
constexpr std::string_view kWhereUnresolvedOf =
    "WHERE resident_id = ?1 AND initiative_id IS NULL AND status <> 'resolved' ORDER BY id DESC LIMIT 1";
constexpr std::string_view kWhereToContinue =
    "WHERE resident_id = ?1 AND initiative_id IS NULL AND (status <> 'resolved' OR "
    "resolved_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ?2 || ' days')) ORDER BY id DESC LIMIT 1";
constexpr std::string_view kWhereResident = "WHERE resident_id = ?1 ORDER BY id DESC";
constexpr std::string_view kWhereInitiative = "WHERE initiative_id = ?1 ORDER BY id DESC LIMIT 1";

constexpr std::string_view kInsertThread =
    "INSERT INTO inbox_threads (resident_id, channel, address, due_at, initiative_id, channel_thread) "
    "VALUES (?1, ?2, ?3, NULLIF(?4, ''), ?5, ?6)";
constexpr std::string_view kInsertMessage =
    "INSERT INTO inbox_messages (thread_id, direction, author, text) VALUES (?1, ?2, ?3, ?4)";
// The right-hand sides all see the row as it was before this update.
constexpr std::string_view kTouchThread =
    "UPDATE inbox_threads SET last_activity_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), "
    "status = CASE WHEN ?2 = 'in' AND status IN ('pending', 'resolved') THEN 'open' ELSE status END, "
    "resolved_at = CASE WHEN ?2 = 'in' AND status = 'resolved' THEN NULL ELSE resolved_at END, "
    "first_response_at = CASE WHEN ?2 = 'out' AND first_response_at IS NULL "
    "THEN strftime('%Y-%m-%dT%H:%M:%SZ','now') ELSE first_response_at END "
    "WHERE id = ?1";
constexpr std::string_view kRememberChannelThread =
    "UPDATE inbox_threads SET channel_thread = ?3 WHERE id = ?1 AND channel = ?2 AND ?3 <> ''";
constexpr std::string_view kSelectMessages =
    "SELECT id, thread_id, direction, author, text, created_at FROM inbox_messages WHERE thread_id = ?1 ORDER BY id";
constexpr std::string_view kSetStatus =
    "UPDATE inbox_threads SET status = ?2, resolved_at = CASE WHEN ?2 = 'resolved' "
    "THEN COALESCE(resolved_at, strftime('%Y-%m-%dT%H:%M:%SZ','now')) ELSE NULL END WHERE id = ?1";

constexpr std::string_view kIncoming = "in";

InboxThread read_thread(const Statement& row) {
  return InboxThread{.id = row.int_at(0),
                     .resident_id = row.int_at(1),
                     .channel = row.text_at(2),
                     .address = row.text_at(3),
                     .status = row.text_at(4),
                     .assignee_id = row.optional_int_at(5),
                     .created_at = row.text_at(6),
                     .last_activity_at = row.text_at(7),
                     .initiative_id = row.optional_int_at(8),
                     .due_at = row.optional_text_at(9),
                     .channel_thread = row.text_at(10)};
}

std::optional<InboxThread> read_one(Statement& row) {
  if (!row.step()) return std::nullopt;
  return read_thread(row);
}

}  // namespace

Id Inbox::open_thread(Id resident_id, const std::string& channel, const std::string& address,
                      const std::string& text, const ThreadOpening& opening) {
  Savepoint scope(db_);
  db_.prepare(kInsertThread)
      .bind(1, resident_id)
      .bind(2, channel)
      .bind(3, address)
      .bind(4, opening.due_at)
      .bind(5, opening.initiative_id)
      .bind(6, opening.channel_thread)
      .run();
  const Id thread_id = db_.last_insert_id();
  add_message(thread_id, std::string(kIncoming), fmt::format("resident:{}", resident_id), text);
  scope.release();
  return thread_id;
}

std::optional<InboxThread> Inbox::open_thread_of(Id resident_id) {
  auto row = db_.prepare(concat(kSelectThreads, kWhereUnresolvedOf));
  row.bind(1, resident_id);
  return read_one(row);
}

std::optional<InboxThread> Inbox::thread_to_continue_of(Id resident_id, int reopen_days) {
  auto row = db_.prepare(concat(kSelectThreads, kWhereToContinue));
  row.bind(1, resident_id).bind(2, reopen_days);
  return read_one(row);
}

void Inbox::add_message(Id thread_id, const std::string& direction, const std::string& author,
                        const std::string& text, const MessageOrigin& origin) {
  Savepoint scope(db_);
  db_.prepare(kInsertMessage).bind(1, thread_id).bind(2, direction).bind(3, author).bind(4, text).run();
  db_.prepare(kTouchThread).bind(1, thread_id).bind(2, direction).run();
  if (direction == kIncoming)
    db_.prepare(kRememberChannelThread).bind(1, thread_id).bind(2, origin.channel).bind(3, origin.thread).run();
  scope.release();
}

std::optional<InboxThread> Inbox::thread_of_initiative(Id initiative_id) {
  auto row = db_.prepare(concat(kSelectThreads, kWhereInitiative));
  row.bind(1, initiative_id);
  return read_one(row);
}

std::optional<InboxThread> Inbox::find(Id thread_id) {
  auto row = db_.prepare(concat(kSelectThreads, kWhereId));
  row.bind(1, thread_id);
  return read_one(row);
}

std::vector<InboxThread> Inbox::threads_of(Id resident_id) {
  auto rows = db_.prepare(concat(kSelectThreads, kWhereResident));
  rows.bind(1, resident_id);
  return read_all(rows, read_thread);
}

std::vector<InboxMessage> Inbox::messages(Id thread_id) {
  auto rows = db_.prepare(kSelectMessages);
  rows.bind(1, thread_id);
  std::vector<InboxMessage> result;
  while (rows.step()) {
    result.push_back(InboxMessage{.id = rows.int_at(0), .thread_id = rows.int_at(1), .direction = rows.text_at(2),
                                  .author = rows.text_at(3), .text = rows.text_at(4), .created_at = rows.text_at(5)});
  }
  return result;
}

void Inbox::set_status(Id thread_id, const std::string& status) {
  db_.prepare(kSetStatus).bind(1, thread_id).bind(2, status).run();
  if (db_.changes() == 0) {
    throw StorageError(fmt::format("database {}: no inbox thread with id {}", db_.path().string(), thread_id));
  }
}

}  // namespace buurtbot::storage
