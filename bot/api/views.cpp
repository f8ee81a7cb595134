#include "bot/api/views.hpp"

#include "bot/civic/status.hpp"
#include "bot/core/file_type.hpp"
#include "storage/inbox_queries.hpp"
#include "storage/repositories.hpp"

#include <algorithm>

namespace buurtbot::api {
namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string_view outbox_kind(int priority) {
  switch (priority) {
    case 0:
      return "reply";
    case 1:
      return "notification";
    default:
      return "broadcast";
  }
}

constexpr std::string_view kOfficerActor = "officer:";
constexpr std::string_view kResidentActor = "resident:";

// Who made a change or wrote a message, as the page names them: an officer by name (by login once
// deleted), a resident as the submitter (their name stays with the plan's submitter, officers only),
// the command line and the system as themselves.
nlohmann::json actor_json(const std::string& actor, const OfficerNames& names) {
  if (auto named = names.find(actor); named != names.end()) return {{"kind", "officer"}, {"name", named->second}};
  if (actor.starts_with(kOfficerActor)) return {{"kind", "officer"}, {"name", actor.substr(kOfficerActor.size())}};
  if (actor.starts_with(kResidentActor)) return {{"kind", "submitter"}, {"name", nullptr}};
  return {{"kind", "system"}, {"name", actor}};
}

// Who wrote the thread's last message; null while it has none.
nlohmann::json last_from_json(const storage::ThreadSummary& summary) {
  if (summary.last_direction == "in") return {{"kind", "resident"}, {"name", summary.resident_name}};
  if (summary.last_direction != "out") return nullptr;
  if (summary.last_officer_name) return {{"kind", "officer"}, {"name", *summary.last_officer_name}};
  return actor_json(summary.last_author, {});
}

nlohmann::json history_json(const std::vector<storage::StatusChange>& history, const OfficerNames& names) {
  auto out = nlohmann::json::array();
  for (const auto& change : history) {
    out.push_back({{"from", change.from_status},
                   {"to", change.to_status},
                   {"answer", change.answer},
                   {"answer_en", change.answer_en},
                   {"actor", change.actor},
                   {"by", actor_json(change.actor, names)},
                   {"at", change.at}});
  }
  return out;
}

// Who submitted the plan, for officers: their name and the channels they use; null once forgotten.
nlohmann::json submitter_json(storage::Database& db, const storage::Initiative& initiative) {
  if (!initiative.submitter_id) return nullptr;
  storage::Residents residents(db);
  auto resident = residents.find(*initiative.submitter_id);
  if (!resident) return nullptr;
  return {{"name", resident->display_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(resident->display_name)},
          {"language", resident->language},
          {"channels", channels_json(residents.identities(resident->id))},
          {"unreachable", unreachable_json(residents.identities(resident->id))}};
}

nlohmann::json thread_lines_json(const std::vector<storage::ThreadLine>& lines) {
  auto out = nlohmann::json::array();
  for (const auto& line : lines)
    out.push_back({{"id", line.id}, {"status", line.status}, {"first_question", line.first_question},
                   {"created_at", line.created_at}});
  return out;
}

// The municipality's questions (a change to needs_info) and, after each, what the submitter wrote in
// the inbox until the next change: their answers, in order.
// The municipality's questions about a plan, each followed by the submitter's answers: what they wrote on
// the plan's own thread after it and before the next question.
nlohmann::json questions_json(storage::Database& db, const storage::Initiative& initiative,
                              const std::vector<storage::StatusChange>& history, const OfficerNames& names) {
  std::vector<const storage::StatusChange*> questions;
  for (const auto& change : history)
    if (change.to_status == "needs_info" && !(change.answer.empty() && change.answer_en.empty())) questions.push_back(&change);
  const auto thread = storage::Inbox(db).thread_of_initiative(initiative.id);
  const auto written = thread ? storage::Inbox(db).messages(thread->id) : std::vector<storage::InboxMessage>{};
  auto out = nlohmann::json::array();
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& change = *questions[i];
    out.push_back({{"kind", "question"}, {"text", change.answer}, {"text_en", change.answer_en},
                   {"by", actor_json(change.actor, names)}, {"at", change.at}});
    const auto until = i + 1 < questions.size() ? questions[i + 1]->at : std::string();
    for (const auto& message : written) {
      if (message.direction != "in" || message.created_at < change.at || (!until.empty() && message.created_at >= until)) continue;
      out.push_back({{"kind", "answer"}, {"text", message.text}, {"thread_id", message.thread_id},
                     {"by", {{"kind", "submitter"}, {"name", nullptr}}}, {"at", message.created_at}});
    }
  }
  return out;
}

// Who hears of a status change, so the page can ask before it tells them.
nlohmann::json notifies_json(storage::Database& db, const storage::Initiative& initiative) {
  storage::Residents residents(db);
  const bool submitter = initiative.submitter_id && residents.notification_identity(*initiative.submitter_id);
  int followers = 0;
  for (auto id : storage::Initiatives(db).followers(initiative.id))
    if (id != initiative.submitter_id && residents.notification_identity(id)) ++followers;
  const auto group_chats = storage::Workgroups(db).chats_for_theme(initiative.theme).size();
  return {{"submitter", submitter}, {"followers", followers}, {"group_chats", group_chats}};
}

}  // namespace

OfficerNames officer_names(storage::Database& db) {
  OfficerNames names;
  for (const auto& officer : storage::Officers(db).list())
    names.emplace(std::string(kOfficerActor) + officer.login, officer.name.empty() ? officer.login : officer.name);
  return names;
}

nlohmann::json officer_json(const storage::Officer& officer) {
  return {{"login", officer.login}, {"name", officer.name}, {"role", officer.role}};
}

nlohmann::json thread_json(const storage::ThreadSummary& summary) {
  const auto& t = summary.thread;
  return {{"id", t.id},
          {"status", t.status},
          {"channel", t.channel},
          {"resident", summary.resident_name},
          {"first_question", summary.first_question},
          {"last_message", summary.last_message},
          {"last_from", last_from_json(summary)},
          {"assignee", or_null(summary.assignee_login)},
          {"assignee_name", or_null(summary.assignee_name)},
          {"created_at", t.created_at},
          {"last_activity_at", t.last_activity_at},
          {"first_response_due", summary.first_response_due},
          {"overdue", summary.overdue}};
}

nlohmann::json channels_json(const std::vector<storage::Identity>& identities) {
  std::vector<std::string> names;
  for (const auto& identity : identities) names.push_back(identity.channel);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

nlohmann::json unreachable_json(const std::vector<storage::Identity>& identities) {
  auto out = nlohmann::json::array();
  for (const auto& identity : identities)
    if (identity.unreachable)
      out.push_back({{"channel", identity.channel}, {"since", identity.unreachable_since}, {"reason", identity.unreachable_reason}});
  return out;
}

nlohmann::json message_json(const storage::InboxMessage& message, const OfficerNames& names,
                            const std::vector<storage::StoredAttachment>& attachments) {
  const auto by = message.direction == "out" ? actor_json(message.author, names) : nlohmann::json();
  return {{"id", message.id},
          {"direction", message.direction},
          {"author", message.author},
          {"author_name", by.is_object() && by["kind"] == "officer" ? by["name"] : nlohmann::json(nullptr)},
          {"text", message.text},
          {"created_at", message.created_at},
          {"attachments", attachments_json(attachments)}};
}

nlohmann::json attachments_json(const std::vector<storage::StoredAttachment>& attachments) {
  auto out = nlohmann::json::array();
  for (const auto& a : attachments) {
    const bool kept = !a.digest.empty();
    out.push_back({{"id", a.id},
                   {"kind", a.kind},
                   {"name", a.name},
                   {"channel", a.channel},
                   {"ref", a.ref},
                   {"created_at", a.created_at},
                   {"content_type", a.content_type},
                   {"size", a.size},
                   {"url", kept ? nlohmann::json("/api/v1/attachments/" + std::to_string(a.id)) : nlohmann::json(nullptr)},
                   {"picture", kept && is_picture_type(a.content_type)},
                   {"not_kept", a.not_kept.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.not_kept)}});
  }
  return out;
}

nlohmann::json note_json(const storage::InboxNote& note) {
  return {{"id", note.id},
          {"author", or_null(note.author_login)},
          {"author_name", or_null(note.author_name)},
          {"text", note.text},
          {"created_at", note.created_at}};
}

nlohmann::json initiative_json(const storage::Initiative& i) {
  return {{"ref", i.ref},
          {"title", i.title},
          {"theme", i.theme},
          {"neighbourhood", i.neighbourhood},
          {"status", i.status},
          {"supports", i.supports},
          {"followers", i.followers},
          {"created_at", i.created_at},
          {"updated_at", i.updated_at},
          {"published", i.published},
          {"hidden", i.hidden}};
}

nlohmann::json initiative_detail_json(storage::Database& db, const storage::Initiative& initiative) {
  const auto names = officer_names(db);
  const auto history = storage::Initiatives(db).history(initiative.id);
  auto out = initiative_json(initiative);
  out["description"] = initiative.description;
  out["help"] = initiative.help;
  out["amount_cents"] = or_null(initiative.amount_cents);
  out["attachments"] = attachments_json(storage::Attachments(db).of_initiative(initiative.id));
  out["history"] = history_json(history, names);
  out["next_statuses"] = nlohmann::json::array();
  for (auto status : next_statuses(initiative.status)) out["next_statuses"].push_back(std::string(status));
  out["submitter"] = submitter_json(db, initiative);
  out["threads"] = initiative.submitter_id
                       ? thread_lines_json(storage::InboxQueries(db).threads_of_resident(*initiative.submitter_id))
                       : nlohmann::json::array();
  out["questions"] = questions_json(db, initiative, history, names);
  out["notifies"] = notifies_json(db, initiative);
  // The plan's own inbox thread: the submitter's answers to the municipality's questions about it.
  const auto thread = storage::Inbox(db).thread_of_initiative(initiative.id);
  out["thread"] = thread ? nlohmann::json(thread->id) : nlohmann::json(nullptr);
  return out;
}

nlohmann::json audit_json(const storage::AuditEntry& entry) {
  return {{"id", entry.id},           {"actor", entry.actor},   {"action", entry.action},
          {"subject", entry.subject}, {"detail", entry.detail}, {"at", entry.at}};
}

nlohmann::json canned_json(const storage::CannedResponse& canned) {
  return {{"id", canned.id},
          {"title", canned.title},
          {"text", canned.text},
          {"updated_by", canned.updated_by},
          {"updated_at", canned.updated_at}};
}

nlohmann::json workgroup_json(const storage::Workgroup& workgroup, const std::vector<storage::GroupChat>& chats) {
  auto listed_chats = nlohmann::json::array();
  for (const auto& chat : chats) {
    listed_chats.push_back(
        {{"channel", chat.channel}, {"address", chat.address}, {"title", nullptr}, {"linked_at", chat.linked_at}});
  }
  return {{"id", workgroup.id},
          {"name", workgroup.name},
          {"theme", workgroup.theme},
          {"description", workgroup.description},
          {"members", workgroup.members},
          {"chats", std::move(listed_chats)}};
}

nlohmann::json workgroup_json(storage::Database& db, const storage::Workgroup& workgroup) {
  return workgroup_json(workgroup, storage::Workgroups(db).chats(workgroup.id));
}

nlohmann::json outbox_row_json(const storage::OutboxRow& row) {
  return {{"id", row.id},
          {"channel", row.channel},
          {"address", row.address},
          {"kind", outbox_kind(row.priority)},
          {"status", row.status},
          {"attempts", row.attempts},
          {"last_error", row.last_error},
          {"created_at", row.created_at}};
}

nlohmann::json officer_listing_json(const storage::OfficerListing& listing) {
  auto out = officer_json(listing.officer);
  out["disabled"] = listing.officer.disabled;
  out["tokens"] = listing.tokens;
  return out;
}

nlohmann::json report_json(const storage::DateRange& range, const storage::ReportSummary& report) {
  return {{"from", or_null(range.from)},
          {"to", or_null(range.to)},
          {"initiatives",
           {{"total", report.initiatives},
            {"by_status", report.initiatives_by_status},
            {"by_theme", report.initiatives_by_theme},
            {"by_neighbourhood", report.initiatives_by_neighbourhood}}},
          {"supports", report.supports},
          {"questions", {{"total", report.questions}, {"by_channel", report.questions_by_channel}}},
          {"median_first_response_seconds", or_null(report.median_first_response_seconds)},
          {"median_resolution_seconds", or_null(report.median_resolution_seconds)}};
}

}  // namespace buurtbot::api
