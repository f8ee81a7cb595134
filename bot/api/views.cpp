#include "bot/api/views.hpp"

namespace buurtbot::api {
namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
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

nlohmann::json message_json(const storage::InboxMessage& message) {
  return {{"id", message.id},
          {"direction", message.direction},
          {"author", message.author},
          {"text", message.text},
          {"created_at", message.created_at}};
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
                                      const std::vector<std::string_view>& next_statuses) {
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
  return out;
}

nlohmann::json audit_json(const storage::AuditEntry& entry) {
  return {{"id", entry.id},           {"actor", entry.actor},   {"action", entry.action},
          {"subject", entry.subject}, {"detail", entry.detail}, {"at", entry.at}};
}

}  // namespace buurtbot::api
