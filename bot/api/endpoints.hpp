#pragma once
// Internal to bot/api/: the endpoints behind the routes of api.cpp. Each one runs on the writer thread
// with the write connection, for a caller already authenticated and allowed, and returns its answer.

#include "bot/api/api.hpp"
#include "bot/api/auth.hpp"
#include "storage/database.hpp"

#include <string>
#include <vector>

namespace buurtbot::api {

/// One authenticated request, being answered on the writer thread.
struct Call {
  const http::Request& request;
  const std::vector<std::string>& params;  ///< the path parts the route's pattern captured, in order
  const Caller& caller;
  storage::Database& db;
  ApiContext& context;

  /// What the audit log calls the caller: "officer:LOGIN".
  std::string actor() const { return "officer:" + caller.officer.login; }
};

/// GET threads: the inbox list with filters.
http::Response list_threads(Call& call);
/// GET threads/{id}: one thread with its messages and notes.
http::Response show_thread(Call& call);
/// POST threads/{id}/replies: an answer to the resident, through the outbox.
http::Response reply_to_thread(Call& call);
/// POST threads/{id}/notes: a private note.
http::Response add_thread_note(Call& call);
/// PATCH threads/{id}: status and assignee.
http::Response update_thread(Call& call);

/// GET initiatives: the list with filters.
http::Response list_initiatives(Call& call);
/// GET initiatives/{ref}: one initiative with its history.
http::Response show_initiative(Call& call);
/// PATCH initiatives/{ref}: a status change with an official answer.
http::Response update_initiative(Call& call);

/// GET audit: the latest audit entries (administrators only).
http::Response list_audit(Call& call);

/// GET session: who is signed in, with the CSRF token of a cookie session.
http::Response show_session(Call& call);
/// DELETE session: signs the browser session out.
http::Response end_session(Call& call);

}  // namespace buurtbot::api
