// The shared inbox: list, read, answer, annotate, assign and resolve residents' questions.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/civic/notify.hpp"
#include "storage/canned.hpp"
#include "storage/inbox_queries.hpp"
#include "storage/officers.hpp"
#include "storage/repositories.hpp"

#include <boost/url/url.hpp>

#include <algorithm>
#include <array>

namespace buurtbot::api {
namespace {

constexpr std::array<std::string_view, 3> kThreadStatuses{"open", "pending", "resolved"};
constexpr int kMaxListed = 500;
constexpr int kDefaultListed = 100;
// The assignee filter's words for "nobody" and "the caller"; `buurtbot officer add` refuses them as logins.
constexpr std::string_view kNobody = "none";
constexpr std::string_view kMe = "me";

bool known_status(const std::string& status) {
  return std::find(kThreadStatuses.begin(), kThreadStatuses.end(), status) != kThreadStatuses.end();
}

ApiError unknown_status() { return ApiError{400, "status must be open, pending or resolved"}; }

ApiError no_thread(const std::string& id) { return ApiError{404, "no thread " + id}; }

Result<storage::ThreadFilter> thread_filter(const Call& call, const std::map<std::string, std::string>& query) {
  storage::ThreadFilter filter;
  filter.status = query_value(query, "status");
  if (!filter.status.empty() && !known_status(filter.status)) return unknown_status();
  filter.channel = query_value(query, "channel");
  filter.search = query_value(query, "q");
  filter.assignee = query_value(query, "assignee");
  if (filter.assignee == kNobody) {
    filter.assignee.clear();
    filter.unassigned = true;
  }
  if (filter.assignee == kMe) filter.assignee = call.caller.officer.login;
  auto overdue = query_flag(query, "overdue");
  if (!overdue.ok()) return overdue.error();
  filter.overdue = overdue.value();
  auto limit = query_number(query, "limit", 1, kMaxListed, kDefaultListed);
  if (!limit.ok()) return limit.error();
  filter.limit = limit.value();
  if (const auto after = query_value(query, "after"); !after.empty()) {
    filter.after = storage::PageCursor::parse(after);
    if (!filter.after) return ApiError{400, "after must be the cursor of a Link header's next page"};
  }
  return filter;
}

// The thread named by the path, or 404.
Result<storage::InboxThread> thread_of(Call& call) {
  const auto id = parse_id(call.params.at(0));
  auto thread = id ? storage::Inbox(call.db).find(*id) : std::nullopt;
  if (!thread) return no_thread(call.params.at(0));
  return std::move(*thread);
}

// The `text` of a body that may hold nothing else.
Result<std::string> posted_text(const Call& call) {
  auto body = parse_body(call.request.body, {{"text", FieldType::text, true}});
  if (!body.ok()) return body.error();
  return message_text(body.value(), "text");
}

// The text of a reply body: its own "text", or the text of the canned response "canned_id" names.
Result<std::string> reply_text(const Call& call) {
  auto body = parse_body(call.request.body, {{"text", FieldType::text}, {"canned_id", FieldType::whole_number}});
  if (!body.ok()) return body.error();
  const auto& fields = body.value();
  if (fields.contains("text") == fields.contains("canned_id"))
    return ApiError{400, "send either text or canned_id, not both"};
  if (fields.contains("text")) return message_text(fields, "text");
  const auto id = fields["canned_id"].get<storage::Id>();
  auto canned = storage::CannedResponses(call.db).find(id);
  if (!canned) return ApiError{404, "no canned response " + std::to_string(id)};
  return canned->text;
}

void replace_all(std::string& text, std::string_view placeholder, const std::string& value) {
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
}

// What a reply calls the resident: their name, or a polite word in their language when they gave none.
std::string name_for_reply(storage::Database& db, const flows::FlowSet& texts, storage::Id resident_id) {
  auto resident = storage::Residents(db).find(resident_id);
  if (resident && !is_blank(resident->display_name)) return resident->display_name;
  return texts.text("reply_name_fallback", lang_of(resident ? resident->language : ""));
}

// Fills in {{naam}} and {{name}} on the server, so what is stored is exactly what the resident reads.
std::string personalised(storage::Database& db, const flows::FlowSet& texts, const storage::InboxThread& thread,
                         std::string text) {
  if (text.find("{{") == std::string::npos) return text;
  const auto name = name_for_reply(db, texts, thread.resident_id);
  replace_all(text, "{{naam}}", name);
  replace_all(text, "{{name}}", name);
  return text;
}

nlohmann::json summary_of(Call& call, storage::Id thread_id) {
  auto summary = storage::InboxQueries(call.db).summary(thread_id);
  return thread_json(*summary);
}

/// What a PATCH of a thread asks for, checked.
struct ThreadChange {
  std::optional<std::string> status;
  std::optional<std::optional<storage::Officer>> assignee;  ///< set: assign; holding nothing: unassign
};

Result<ThreadChange> thread_change(Call& call) {
  auto body = parse_body(call.request.body, {{"status", FieldType::text}, {"assignee", FieldType::text_or_null}});
  if (!body.ok()) return body.error();
  const auto& fields = body.value();
  if (fields.empty()) return ApiError{400, "send status, assignee or both"};
  ThreadChange change;
  if (fields.contains("status")) {
    change.status = fields["status"].get<std::string>();
    if (!known_status(*change.status)) return unknown_status();
  }
  if (!fields.contains("assignee")) return change;
  if (fields["assignee"].is_null()) {
    change.assignee.emplace();
    return change;
  }
  const auto login = fields["assignee"].get<std::string>();
  auto officer = storage::Officers(call.db).find_by_login(login);
  if (!officer || officer->disabled) return ApiError{400, "no active officer with login '" + login + "'"};
  change.assignee.emplace(std::move(*officer));
  return change;
}

void apply(Call& call, storage::Id thread_id, const ThreadChange& change) {
  const auto subject = "thread:" + std::to_string(thread_id);
  storage::Audit audit(call.db);
  if (change.status) {
    storage::Inbox(call.db).set_status(thread_id, *change.status);
    audit.record(call.actor(), "inbox.status", subject, *change.status);
  }
  if (change.assignee) {
    const auto& officer = *change.assignee;
    storage::InboxQueries(call.db).assign(thread_id, officer ? std::optional(officer->id) : std::nullopt);
    audit.record(call.actor(), "inbox.assign", subject, officer ? officer->login : "");
  }
}

// A full page has a next one, perhaps empty. The list stays the JSON array it always was; the next page
// is named as RFC 8288 does: the same request from the last thread on.
std::string next_page_link(const http::Request& request, const storage::InboxThread& last) {
  boost::urls::url next(request.path);
  next.set_encoded_query(request.query);
  next.params().set("after", storage::PageCursor{last.last_activity_at, last.id}.text());
  return "<" + std::string(next.buffer()) + ">; rel=\"next\"";
}

}  // namespace

http::Response list_threads(Call& call) {
  auto query = parse_query(call.request.query, {"status", "channel", "assignee", "overdue", "q", "limit", "after"});
  if (!query.ok()) return error_response(query.error());
  auto filter = thread_filter(call, query.value());
  if (!filter.ok()) return error_response(filter.error());
  const auto threads = storage::InboxQueries(call.db).list(filter.value());
  auto out = nlohmann::json::array();
  for (const auto& summary : threads) out.push_back(thread_json(summary));
  auto response = json_response(200, out);
  if (threads.size() == static_cast<std::size_t>(filter.value().limit))
    response.headers.emplace_back("Link", next_page_link(call.request, threads.back().thread));
  return response;
}

namespace {

// What else the officer should know of the person behind the thread: their language, their other
// questions and the plans they submitted.
void add_resident_context(Call& call, const storage::InboxThread& thread, nlohmann::json& out) {
  auto resident = storage::Residents(call.db).find(thread.resident_id);
  out["language"] = resident ? nlohmann::json(resident->language) : nlohmann::json(nullptr);
  out["other_threads"] = nlohmann::json::array();
  for (const auto& line : storage::InboxQueries(call.db).threads_of_resident(thread.resident_id)) {
    if (line.id == thread.id) continue;
    out["other_threads"].push_back({{"id", line.id}, {"status", line.status},
                                    {"first_question", line.first_question}, {"created_at", line.created_at}});
  }
  out["initiatives"] = nlohmann::json::array();
  const auto plans = storage::Initiatives(call.db).list(storage::InitiativeFilter::submitted_by(thread.resident_id));
  for (const auto& plan : plans) out["initiatives"].push_back(initiative_json(plan));
}

}  // namespace

http::Response show_thread(Call& call) {
  auto thread = thread_of(call);
  if (!thread.ok()) return error_response(thread.error());
  const auto id = thread.value().id;
  auto summary = storage::InboxQueries(call.db).summary(id);
  auto out = thread_json(*summary);
  const auto identities = storage::Residents(call.db).identities(thread.value().resident_id);
  out["channels"] = channels_json(identities);
  out["unreachable"] = unreachable_json(identities);
  // Where an answer goes by mail as well (the web chat's form), so the officer writes it knowing that.
  const auto asked_on = storage::Residents(call.db).identity_by_address(thread.value().channel, thread.value().address);
  out["answer_email"] = asked_on && !asked_on->answer_email.empty() ? nlohmann::json(asked_on->answer_email) : nullptr;
  out["first_response_at"] = summary->first_response_at ? nlohmann::json(*summary->first_response_at) : nullptr;
  add_resident_context(call, thread.value(), out);
  out["messages"] = nlohmann::json::array();
  storage::Attachments attachments(call.db);
  const auto names = officer_names(call.db);
  for (const auto& message : storage::Inbox(call.db).messages(id))
    out["messages"].push_back(message_json(message, names, attachments.of_message(message.id)));
  out["notes"] = nlohmann::json::array();
  for (const auto& note : storage::InboxQueries(call.db).notes(id)) out["notes"].push_back(note_json(note));
  return json_response(200, out);
}

namespace {

// A resident who asked in the web chat and left a mail address there gets the answer by mail as well: a
// mail of its own, with the question's reference in its subject so a reply finds the question.
void mail_a_copy(storage::Database& db, const storage::InboxThread& t, OutboundMessage answer) {
  const auto identity = storage::Residents(db).identity_by_address(t.channel, t.address);
  if (!identity || identity->answer_email.empty() || identity->resident_id != t.resident_id) return;
  answer.thread.clear();
  enqueue_message(db, "email", identity->answer_email, answer, kPriorityReply);
}

}  // namespace

// One transaction: the message, its outbox row, the status and the audit entry all happen or none does.
http::Response reply_to_thread(Call& call) {
  storage::Transaction tx(call.db);
  auto thread = thread_of(call);
  if (!thread.ok()) return error_response(thread.error());
  auto posted = reply_text(call);
  if (!posted.ok()) return error_response(posted.error());
  const auto& t = thread.value();
  if (t.address.empty()) return error_response(ApiError{409, "the resident asked to be forgotten; this thread is kept as a record only"});
  const auto text = personalised(call.db, call.context.pipeline.flows(), t, std::move(posted.value()));
  storage::Inbox inbox(call.db);
  inbox.add_message(t.id, "out", call.actor(), text);
  auto message = inbox.messages(t.id).back();
  // In the resident's own thread on their channel (e-mail: In-Reply-To their latest mail).
  OutboundMessage answer;
  answer.text = text;
  answer.thread = t.channel_thread;
  answer.about = question_about(t.id);  // a reply that loses its threading still finds this question
  enqueue_message(call.db, t.channel, t.address, answer, kPriorityReply);
  mail_a_copy(call.db, t, answer);
  inbox.set_status(t.id, "pending");
  storage::Audit(call.db).record(call.actor(), "inbox.reply", "thread:" + std::to_string(t.id));
  tx.commit();
  if (call.context.wake_outbox) call.context.wake_outbox();
  return json_response(201, message_json(message, officer_names(call.db)));
}

http::Response add_thread_note(Call& call) {
  storage::Transaction tx(call.db);
  auto thread = thread_of(call);
  if (!thread.ok()) return error_response(thread.error());
  auto text = posted_text(call);
  if (!text.ok()) return error_response(text.error());
  const auto id = thread.value().id;
  auto note = storage::InboxQueries(call.db).add_note(id, call.caller.officer.id, text.value());
  storage::Audit(call.db).record(call.actor(), "inbox.note", "thread:" + std::to_string(id));
  tx.commit();
  return json_response(201, note_json(note));
}

http::Response update_thread(Call& call) {
  storage::Transaction tx(call.db);
  auto thread = thread_of(call);
  if (!thread.ok()) return error_response(thread.error());
  auto change = thread_change(call);
  if (!change.ok()) return error_response(change.error());
  apply(call, thread.value().id, change.value());
  tx.commit();
  return json_response(200, summary_of(call, thread.value().id));
}

}  // namespace buurtbot::api
