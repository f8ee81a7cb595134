// The officers' view of the inbox: filtered lists, notes and assignment.

#include "storage/inbox_queries.hpp"

#include "storage/internal.hpp"

#include <spdlog/fmt/fmt.h>

namespace buurtbot::storage {
namespace {

// Shared by both summary queries. A thread is overdue when its deadline, stored as it opened, has passed
// without a first response; a resolved thread never is: nobody has to act on it any more.
constexpr std::string_view kSelectSummaries =
    "SELECT t.id, t.resident_id, t.channel, t.address, t.status, t.assignee_id, t.created_at, t.last_activity_at, "
    "CASE WHEN r.forgotten_at IS NULL THEN r.display_name ELSE 'bewoner (gewist)' END, "
    "COALESCE((SELECT m.text FROM inbox_messages m WHERE m.thread_id = t.id ORDER BY m.id DESC LIMIT 1), ''), "
    "o.login, t.first_response_at, "
    "(t.first_response_at IS NULL AND t.status <> 'resolved' "
    " AND t.due_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) IS 1 AS overdue, "
    "t.initiative_id, t.due_at "
    "FROM inbox_threads t JOIN residents r ON r.id = t.resident_id LEFT JOIN officers o ON o.id = t.assignee_id ";
constexpr std::string_view kWhereId = "WHERE t.id = ?1";
// ?2 status, ?3 channel, ?4 assignee login, ?5 unassigned only, ?6 overdue (NULL: either), ?7 LIKE
// pattern ('' : no search), ?8 limit.
constexpr std::string_view kWhereFilter =
    "WHERE (?2 = '' OR t.status = ?2) AND (?3 = '' OR t.channel = ?3) AND (?4 = '' OR o.login = ?4) "
    "AND (?5 = 0 OR t.assignee_id IS NULL) AND (?6 IS NULL OR overdue = ?6) "
    "AND (?7 = '' OR r.display_name LIKE ?7 ESCAPE '\\' "
    " OR EXISTS (SELECT 1 FROM inbox_messages m WHERE m.thread_id = t.id AND m.text LIKE ?7 ESCAPE '\\') "
    " OR EXISTS (SELECT 1 FROM inbox_notes n WHERE n.thread_id = t.id AND n.text LIKE ?7 ESCAPE '\\')) "
    "ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ?8";

constexpr std::string_view kInsertNote = "INSERT INTO inbox_notes (thread_id, officer_id, text) VALUES (?1, ?2, ?3)";
constexpr std::string_view kSelectNotes =
    "SELECT n.id, n.thread_id, o.login, n.text, n.created_at FROM inbox_notes n "
    "LEFT JOIN officers o ON o.id = n.officer_id ";
constexpr std::string_view kNotesOfThread = "WHERE n.thread_id = ?1 ORDER BY n.id";
constexpr std::string_view kNoteById = "WHERE n.id = ?1";
constexpr std::string_view kAssign = "UPDATE inbox_threads SET assignee_id = ?2 WHERE id = ?1";

ThreadSummary read_summary(const Statement& row) {
  return ThreadSummary{.thread = InboxThread{.id = row.int_at(0),
                                             .resident_id = row.int_at(1),
                                             .channel = row.text_at(2),
                                             .address = row.text_at(3),
                                             .status = row.text_at(4),
                                             .assignee_id = row.optional_int_at(5),
                                             .created_at = row.text_at(6),
                                             .last_activity_at = row.text_at(7),
                                             .initiative_id = row.optional_int_at(13),
                                             .due_at = row.optional_text_at(14)},
                       .resident_name = row.text_at(8),
                       .last_message = row.text_at(9),
                       .assignee_login = row.optional_text_at(10),
                       .first_response_at = row.optional_text_at(11),
                       .overdue = row.int_at(12) != 0};
}

InboxNote read_note(const Statement& row) {
  return InboxNote{.id = row.int_at(0),
                   .thread_id = row.int_at(1),
                   .author_login = row.optional_text_at(2),
                   .text = row.text_at(3),
                   .created_at = row.text_at(4)};
}


}  // namespace

std::vector<ThreadSummary> InboxQueries::list(const ThreadFilter& filter) {
  auto rows = db_.prepare(concat(kSelectSummaries, kWhereFilter));
  rows.bind(2, filter.status)
      .bind(3, filter.channel)
      .bind(4, filter.assignee)
      .bind(5, filter.unassigned ? 1 : 0)
      .bind(7, contains_pattern(filter.search))
      .bind(8, filter.limit);
  if (filter.overdue) {
    rows.bind(6, *filter.overdue ? 1 : 0);
  } else {
    rows.bind_null(6);
  }
  return read_all(rows, read_summary);
}

std::optional<ThreadSummary> InboxQueries::summary(Id thread_id) {
  auto row = db_.prepare(concat(kSelectSummaries, kWhereId));
  row.bind(1, thread_id);
  if (!row.step()) return std::nullopt;
  return read_summary(row);
}

InboxNote InboxQueries::add_note(Id thread_id, Id officer_id, const std::string& text) {
  db_.prepare(kInsertNote).bind(1, thread_id).bind(2, officer_id).bind(3, text).run();
  auto row = db_.prepare(concat(kSelectNotes, kNoteById));
  row.bind(1, db_.last_insert_id()).step();
  return read_note(row);
}

std::vector<InboxNote> InboxQueries::notes(Id thread_id) {
  auto rows = db_.prepare(concat(kSelectNotes, kNotesOfThread));
  rows.bind(1, thread_id);
  return read_all(rows, read_note);
}

void InboxQueries::assign(Id thread_id, std::optional<Id> officer_id) {
  db_.prepare(kAssign).bind(1, thread_id).bind(2, officer_id).run();
  if (db_.changes() == 0) {
    throw StorageError(fmt::format("database {}: no inbox thread with id {}", db_.path().string(), thread_id));
  }
}

}  // namespace buurtbot::storage
