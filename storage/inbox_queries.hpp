#pragma once
// What the officers' inbox asks of the threads beyond storage::Inbox: listing with filters, search and
// overdue flags, private notes, and assignment.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace buurtbot::storage {

/// Which threads to list; empty fields match everything.
struct ThreadFilter {
  std::string status;  ///< open, pending or resolved
  std::string channel;
  std::string assignee;           ///< an officer's login
  bool unassigned = false;        ///< only threads nobody is assigned to
  std::optional<bool> overdue;    ///< only overdue threads (true) or only the others (false)
  std::string search;             ///< in the messages, the notes and the resident's name, case-insensitive
  int limit = 100;
  std::optional<PageCursor> after;  ///< only the threads after this one in the list's order (the next page)
};

/// A thread as the inbox lists it.
struct ThreadSummary {
  InboxThread thread;
  std::string resident_name;
  std::string first_question;  ///< the resident's first message in the thread
  std::string last_message;
  std::string last_direction;  ///< who wrote last: "in" (the resident), "out" (an officer), empty without messages
  std::string last_author;     ///< the last message's author as stored ("officer:LOGIN" for an officer)
  std::optional<std::string> last_officer_name;  ///< the name of the officer who wrote last, if one did
  std::optional<std::string> assignee_login;
  std::optional<std::string> assignee_name;
  std::optional<std::string> first_response_at;
  std::string first_response_due;  ///< when the first response is due (ISO 8601 UTC)
  bool overdue = false;            ///< its first answer was due (thread.due_at) and has not come
};

/// One of a resident's threads, as a line next to another of their threads.
struct ThreadLine {
  Id id = 0;
  std::string status;
  std::string first_question;
  std::string created_at;
};

/// An officer's private note on a thread; residents never see it.
struct InboxNote {
  Id id = 0;
  Id thread_id = 0;
  std::optional<std::string> author_login;  ///< empty once the officer was deleted
  std::optional<std::string> author_name;
  std::string text;
  std::string created_at;
};

/// The inbox as officers see it.
class InboxQueries final {
 public:
  explicit InboxQueries(Database& db) : db_(db) {}

  /// How a search finds its threads: from the full-text indexes' matches, sorted (few matches), or along
  /// the list in its order up to the limit (many). Both find the same threads for a search of three
  /// characters or more; the indexes find nothing shorter.
  enum class SearchPlan { from_matches, along_the_list };

  /// Threads matching the filter, latest activity first.
  std::vector<ThreadSummary> list(const ThreadFilter& filter);
  /// The same with the search's plan chosen by the caller (tests compare both).
  std::vector<ThreadSummary> list(const ThreadFilter& filter, SearchPlan plan);
  /// The plan list() picks for the filter's search, by counting its matches up to a bound.
  SearchPlan search_plan(const ThreadFilter& filter);
  /// The SQL list() runs for `filter`, with only the filters asked for (its query plan is tested).
  static std::string list_sql(const ThreadFilter& filter, SearchPlan plan = SearchPlan::along_the_list);
  /// One thread as the list shows it.
  std::optional<ThreadSummary> summary(Id thread_id);
  /// The resident's threads, newest first.
  std::vector<ThreadLine> threads_of_resident(Id resident_id);
  /// Adds a note by the officer; returns it as stored.
  InboxNote add_note(Id thread_id, Id officer_id, const std::string& text);
  /// The thread's notes, oldest first.
  std::vector<InboxNote> notes(Id thread_id);
  /// Assigns the thread to an officer, or to nobody; throws StorageError for an unknown thread.
  void assign(Id thread_id, std::optional<Id> officer_id);

 private:
  Database& db_;
};

}  // namespace buurtbot::storage
