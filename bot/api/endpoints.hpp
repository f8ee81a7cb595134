#pragma once
// Internal to bot/api/: the endpoints behind the routes of api.cpp. Each one runs on the writer thread
// with the write connection, for a caller already authenticated and allowed, and returns its answer.

#include "bot/api/context.hpp"
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

/// GET attachments/{id}: the bytes of a photo or file a resident sent, as a download (a picture inline);
/// 404 with the reason when buurtbot keeps no bytes of it.
http::Response show_attachment(Call& call);

/// GET municipality: its name, logo path, the labels of its themes and neighbourhoods, and the words
/// residents know for the channels and the states of a plan (in lifecycle order).
http::Response show_municipality(Call& call);
/// GET municipality/logo: the configured logo file (PNG, SVG or JPEG), or 404.
http::Response show_municipality_logo(Call& call);

/// GET audit: the latest audit entries (administrators only).
http::Response list_audit(Call& call);

/// GET canned: every canned response, by title.
http::Response list_canned(Call& call);
/// POST canned: a new canned response.
http::Response create_canned(Call& call);
/// PUT canned/{id}: replaces title and text.
http::Response update_canned(Call& call);
/// DELETE canned/{id}.
http::Response delete_canned(Call& call);

/// GET workgroups: every workgroup with its member count and linked chats.
http::Response list_workgroups(Call& call);
/// POST workgroups: a new workgroup on one of the config's themes.
http::Response create_workgroup(Call& call);
/// PATCH workgroups/{id}: name, theme and description.
http::Response update_workgroup(Call& call);
/// POST workgroups/{id}/link-code: a one-time code that links a group chat.
http::Response create_workgroup_link_code(Call& call);
/// POST workgroups/{id}/broadcasts: a message to the workgroup's chats and members, through the outbox.
http::Response broadcast_to_workgroup(Call& call);
/// DELETE workgroups/{id}/chats/{channel}/{address}: unlinks a group chat.
http::Response unlink_workgroup_chat(Call& call);

/// GET reports/summary: figures of a period.
http::Response report_summary(Call& call);
/// GET reports/initiatives.csv: the period's initiatives as a spreadsheet.
http::Response report_initiatives_csv(Call& call);

/// GET outbox?status=dead: rows that could not be delivered (administrators only).
http::Response list_outbox(Call& call);
/// POST outbox/{id}/retry: sends a given-up row again (administrators only).
http::Response retry_outbox_row(Call& call);

/// GET officers: every officer with role, state and token count (administrators only).
http::Response list_officers(Call& call);
/// PATCH officers/{login}: disables or enables an officer, or changes the role (administrators only).
http::Response update_officer(Call& call);
/// DELETE officers/{login}/tokens: revokes every credential of the officer, API tokens and browser
/// sessions (administrators only).
http::Response revoke_officer_tokens(Call& call);

/// GET session: who is signed in, with the CSRF token of a cookie session.
http::Response show_session(Call& call);
/// DELETE session: signs the browser session out.
http::Response end_session(Call& call);

}  // namespace buurtbot::api
