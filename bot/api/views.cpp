#include "bot/api/views.hpp"

#include "bot/civic/status.hpp"
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

}  // namespace

nlohmann::json officer_json(const storage::Officer& officer) {
  return {{"login", officer.login}, {"name", officer.name}, {"role", officer.role}};
}

nlohmann::json thread_json(const storage::ThreadSummary& summary) {
  const auto& t = summary.thread;
  return {{"id", t.id},
          {"status", t.status},
          {"channel", t.channel},
          {"resident", summary.resident_name},
          {"last_message", summary.last_message},
          {"assignee", or_null(summary.assignee_login)},
          {"created_at", t.created_at},
          {"last_activity_at", t.last_activity_at},
          {"overdue", summary.overdue}};
}

nlohmann::json channels_json(const std::vector<storage::Identity>& identities) {
  std::vector<std::string> names;
  for (const auto& identity : identities) names.push_back(identity.channel);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

nlohmann::json message_json(const storage::InboxMessage& message,
                            const std::vector<storage::StoredAttachment>& attachments) {
  return {{"id", message.id},
          {"direction", message.direction},
          {"author", message.author},
          {"text", message.text},
          {"created_at", message.created_at},
          {"attachments", attachments_json(attachments)}};
}

nlohmann::json attachments_json(const std::vector<storage::StoredAttachment>& attachments) {
  auto out = nlohmann::json::array();
  for (const auto& a : attachments)
    out.push_back({{"kind", a.kind}, {"name", a.name}, {"channel", a.channel}, {"ref", a.ref}, {"created_at", a.created_at}});
  return out;
}

nlohmann::json note_json(const storage::InboxNote& note) {
  return {
      {"id", note.id}, {"author", or_null(note.author_login)}, {"text", note.text}, {"created_at", note.created_at}};
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
          {"updated_at", i.updated_at}};
}

nlohmann::json initiative_detail_json(const storage::Initiative& initiative,
                                      const std::vector<storage::StatusChange>& history,
                                      const std::vector<std::string_view>& next_statuses,
                                      const std::vector<storage::StoredAttachment>& attachments) {
  auto out = initiative_json(initiative);
  out["description"] = initiative.description;
  out["help"] = initiative.help;
  out["amount_cents"] = or_null(initiative.amount_cents);
  out["history"] = nlohmann::json::array();
  for (const auto& change : history) {
    out["history"].push_back({{"from", change.from_status},
                              {"to", change.to_status},
                              {"answer", change.answer},
                              {"actor", change.actor},
                              {"at", change.at}});
  }
  out["next_statuses"] = nlohmann::json::array();
  for (auto status : next_statuses) out["next_statuses"].push_back(std::string(status));
  out["attachments"] = attachments_json(attachments);
  return out;
}

nlohmann::json initiative_detail_json(storage::Database& db, const storage::Initiative& initiative) {
  auto out = initiative_detail_json(initiative, storage::Initiatives(db).history(initiative.id),
                                    next_statuses(initiative.status),
                                    storage::Attachments(db).of_initiative(initiative.id));
  // The inbox thread with the submitter's answers to the municipality's questions about the plan.
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
