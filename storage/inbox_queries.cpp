// The officers' view of the inbox: filtered lists, notes and assignment.

#include "storage/inbox_queries.hpp"

#include "storage/internal.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>

namespace buurtbot::storage {
namespace {

// The first-response deadline of thread t, and whether it has passed: the one place both are read, so
// the list, its overdue filter and the single thread always agree with what the resident was promised.
// The deadline is stored as the thread opens (inbox.first_response_hours on working days, see
// working_days.hpp). A resolved thread is never overdue: nobody has to act on it any more.
constexpr std::string_view kFirstResponseDue = "COALESCE(t.due_at, '')";
constexpr std::string_view kOverdue =
    "((t.first_response_at IS NULL AND t.status <> 'resolved' AND t.due_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) IS 1)";

// The newest message of thread t.
constexpr std::string_view kLastMessage = "(SELECT m.id FROM inbox_messages m WHERE m.thread_id = t.id ORDER BY m.id DESC LIMIT 1)";

// Shared by both summary queries; a WHERE clause below completes it.
constexpr std::string_view kSelectSummaries =
    "SELECT t.id, t.resident_id, t.channel, t.address, t.status, t.assignee_id, t.created_at, t.last_activity_at, "
    "CASE WHEN r.forgotten_at IS NULL THEN r.display_name ELSE 'bewoner (gewist)' END, "
    "COALESCE(lm.text, ''), o.login, t.first_response_at, {due} AS due, {overdue} AS overdue, "
    "COALESCE((SELECT m.text FROM inbox_messages m WHERE m.thread_id = t.id AND m.direction = 'in' "
    "          ORDER BY m.id LIMIT 1), ''), "
    "COALESCE(lm.direction, ''), COALESCE(lm.author, ''), "
    "(SELECT w.name FROM officers w WHERE lm.direction = 'out' AND 'officer:' || w.login = lm.author), o.name, "
    "t.initiative_id, t.due_at "
    "FROM inbox_threads t JOIN residents r ON r.id = t.resident_id LEFT JOIN officers o ON o.id = t.assignee_id "
    "LEFT JOIN inbox_messages lm ON lm.id = {last} ";
constexpr std::string_view kWhereId = "WHERE t.id = ?1";
// The list's filters, each written only when it is asked for (list_sql). ?1 status, ?2 channel, ?3
// assignee login, ?5 overdue, ?6 LIKE pattern, ?7 limit; every number up to 7 is bound, used or not, and
// ?8 to ?10 when they are used.
constexpr std::string_view kByStatus = "t.status = ?1";
constexpr std::string_view kByChannel = "t.channel = ?2";
constexpr std::string_view kByAssignee = "t.assignee_id = (SELECT a.id FROM officers a WHERE a.login = ?3)";
constexpr std::string_view kUnassigned = "t.assignee_id IS NULL";
constexpr std::string_view kByOverdue = "overdue = ?5";
// The search: ?6 is a LIKE pattern of the words (contains_pattern), so both forms find the same threads,
// as they did before the full-text indexes of V16. The first takes its candidates from those indexes (?10:
// the words as an FTS5 phrase, match_query), checks them with LIKE and sorts the threads it finds; the
// second walks the list in its order, reads each thread's texts and stops at the limit.
constexpr std::string_view kBySearchFromMatches =
    "t.id IN (SELECT m.thread_id FROM inbox_messages_fts f JOIN inbox_messages m ON m.id = f.rowid "
    "         WHERE inbox_messages_fts MATCH ?10 AND m.text LIKE ?6 ESCAPE '\\' "
    "         UNION SELECT n.thread_id FROM inbox_notes_fts f JOIN inbox_notes n ON n.id = f.rowid "
    "         WHERE inbox_notes_fts MATCH ?10 AND n.text LIKE ?6 ESCAPE '\\' "
    "         UNION SELECT x.id FROM residents_fts f JOIN residents rf ON rf.id = f.rowid "
    "         JOIN inbox_threads x ON x.resident_id = rf.id "
    "         WHERE residents_fts MATCH ?10 AND rf.display_name LIKE ?6 ESCAPE '\\')";
constexpr std::string_view kBySearchAlongTheList =
    "(r.display_name LIKE ?6 ESCAPE '\\' "
    " OR EXISTS (SELECT 1 FROM inbox_messages m WHERE m.thread_id = t.id AND m.text LIKE ?6 ESCAPE '\\') "
    " OR EXISTS (SELECT 1 FROM inbox_notes n WHERE n.thread_id = t.id AND n.text LIKE ?6 ESCAPE '\\'))";
// How many messages, notes and names hold the words, counted up to ?2 in each.
constexpr std::string_view kCountMatches =
    "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM inbox_messages_fts WHERE inbox_messages_fts MATCH ?1 LIMIT ?2)) "
    "     + (SELECT COUNT(*) FROM (SELECT 1 FROM inbox_notes_fts WHERE inbox_notes_fts MATCH ?1 LIMIT ?2)) "
    "     + (SELECT COUNT(*) FROM (SELECT 1 FROM residents_fts WHERE residents_fts MATCH ?1 LIMIT ?2))";
// Up to this many matches, reading them all is quicker than walking the list; a common word fills the
// list's page after a few threads of the walk, a rare one makes it read every thread.
constexpr int kFewMatches = 2000;
// The next page: ?8 and ?9 are the last row's activity and id (ThreadFilter::after), in the list's order.
constexpr std::string_view kAfter = "(t.last_activity_at, t.id) < (?8, ?9)";
constexpr std::string_view kListOrder = " ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ?7";

constexpr std::string_view kInsertNote = "INSERT INTO inbox_notes (thread_id, officer_id, text) VALUES (?1, ?2, ?3)";
constexpr std::string_view kSelectNotes =
    "SELECT n.id, n.thread_id, o.login, n.text, n.created_at, o.name FROM inbox_notes n "
    "LEFT JOIN officers o ON o.id = n.officer_id ";
constexpr std::string_view kNotesOfThread = "WHERE n.thread_id = ?1 ORDER BY n.id";
constexpr std::string_view kNoteById = "WHERE n.id = ?1";
constexpr std::string_view kThreadsOfResident =
    "SELECT t.id, t.status, COALESCE((SELECT m.text FROM inbox_messages m WHERE m.thread_id = t.id "
    "AND m.direction = 'in' ORDER BY m.id LIMIT 1), ''), t.created_at FROM inbox_threads t "
    "WHERE t.resident_id = ?1 ORDER BY t.id DESC";
constexpr std::string_view kAssign = "UPDATE inbox_threads SET assignee_id = ?2 WHERE id = ?1";

// The summaries' SELECT with the deadline filled in.
const std::string& select_summaries() {
  static const std::string sql = [] {
    auto fill = [](std::string text, std::string_view name, std::string_view value) {
      for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
        text.replace(at, name.size(), value);
      return text;
    };
    return fill(fill(fill(std::string(kSelectSummaries), "{due}", kFirstResponseDue), "{overdue}", kOverdue), "{last}",
                kLastMessage);
  }();
  return sql;
}

ThreadSummary read_summary(const Statement& row) {
  return ThreadSummary{.thread = InboxThread{.id = row.int_at(0),
                                             .resident_id = row.int_at(1),
                                             .channel = row.text_at(2),
                                             .address = row.text_at(3),
                                             .status = row.text_at(4),
                                             .assignee_id = row.optional_int_at(5),
                                             .created_at = row.text_at(6),
                                             .last_activity_at = row.text_at(7),
                                             .initiative_id = row.optional_int_at(19),
                                             .due_at = row.optional_text_at(20),
                                             .channel_thread = {}},
                       .resident_name = row.text_at(8),
                       .first_question = row.text_at(14),
                       .last_message = row.text_at(9),
                       .last_direction = row.text_at(15),
                       .last_author = row.text_at(16),
                       .last_officer_name = row.optional_text_at(17),
                       .assignee_login = row.optional_text_at(10),
                       .assignee_name = row.optional_text_at(18),
                       .first_response_at = row.optional_text_at(11),
                       .first_response_due = row.text_at(12),
                       .overdue = row.int_at(13) != 0};
}

// The words as one FTS5 phrase: with the trigram tokenizer, the texts that hold them anywhere, case aside
// (a few more than LIKE finds, which folds the case of ASCII letters only). Quotes inside are doubled, so
// whatever an officer types is text, never FTS5 syntax.
std::string match_query(const std::string& search) {
  std::string query = "\"";
  for (char c : search) {
    if (c == '"') query += '"';
    query += c;
  }
  return query + "\"";
}

// The trigram tokenizer indexes three characters at a time and finds nothing shorter.
bool indexable(const std::string& search) {
  const auto characters = std::count_if(search.begin(), search.end(), [](char c) { return (c & 0xC0) != 0x80; });
  return characters >= 3;
}

InboxNote read_note(const Statement& row) {
  return InboxNote{.id = row.int_at(0),
                   .thread_id = row.int_at(1),
                   .author_login = row.optional_text_at(2),
                   .author_name = row.optional_text_at(5),
                   .text = row.text_at(3),
                   .created_at = row.text_at(4)};
}


}  // namespace

// Written as "(?1 = '' OR t.status = ?1)", a filter is planned once for every value, and SQLite then uses
// no index: every list read all threads and sorted them. With only the asked filters in the SQL, the
// plain list walks the index on last activity and stops at the limit, and a status or an assignee uses
// its own index.
std::string InboxQueries::list_sql(const ThreadFilter& filter, SearchPlan plan) {
  std::vector<std::string_view> clauses;
  if (!filter.status.empty()) clauses.push_back(kByStatus);
  if (!filter.channel.empty()) clauses.push_back(kByChannel);
  if (!filter.assignee.empty()) clauses.push_back(kByAssignee);
  if (filter.unassigned) clauses.push_back(kUnassigned);
  if (filter.overdue) clauses.push_back(kByOverdue);
  if (filter.after) clauses.push_back(kAfter);
  if (!filter.search.empty())
    clauses.push_back(plan == SearchPlan::from_matches ? kBySearchFromMatches : kBySearchAlongTheList);
  std::string sql = select_summaries();
  for (std::size_t i = 0; i < clauses.size(); ++i) sql += concat(i == 0 ? "WHERE " : " AND ", clauses[i]);
  return sql + std::string(kListOrder);
}

InboxQueries::SearchPlan InboxQueries::search_plan(const ThreadFilter& filter) {
  if (!indexable(filter.search)) return SearchPlan::along_the_list;
  auto count = db_.prepare(kCountMatches);
  count.bind(1, match_query(filter.search)).bind(2, kFewMatches + 1).step();
  return count.int_at(0) <= kFewMatches ? SearchPlan::from_matches : SearchPlan::along_the_list;
}

std::vector<ThreadSummary> InboxQueries::list(const ThreadFilter& filter) {
  return list(filter, search_plan(filter));
}

std::vector<ThreadSummary> InboxQueries::list(const ThreadFilter& filter, SearchPlan plan) {
  auto rows = db_.prepare(list_sql(filter, plan));
  rows.bind(1, filter.status)
      .bind(2, filter.channel)
      .bind(3, filter.assignee)
      .bind(4, filter.unassigned ? 1 : 0)
      .bind(6, contains_pattern(filter.search))
      .bind(7, filter.limit);
  if (filter.overdue) {
    rows.bind(5, *filter.overdue ? 1 : 0);
  } else {
    rows.bind_null(5);
  }
  if (filter.after) rows.bind(8, filter.after->key).bind(9, filter.after->id);
  if (!filter.search.empty() && plan == SearchPlan::from_matches) rows.bind(10, match_query(filter.search));
  return read_all(rows, read_summary);
}

std::optional<ThreadSummary> InboxQueries::summary(Id thread_id) {
  auto row = db_.prepare(concat(select_summaries(), kWhereId));
  row.bind(1, thread_id);
  if (!row.step()) return std::nullopt;
  return read_summary(row);
}

std::vector<ThreadLine> InboxQueries::threads_of_resident(Id resident_id) {
  auto rows = db_.prepare(kThreadsOfResident);
  rows.bind(1, resident_id);
  return read_all(rows, [](const Statement& row) {
    return ThreadLine{.id = row.int_at(0), .status = row.text_at(1), .first_question = row.text_at(2),
                      .created_at = row.text_at(3)};
  });
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
