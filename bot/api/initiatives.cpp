// Initiatives as officers handle them: lists, details, and status changes with an official answer.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/civic/officer_actions.hpp"
#include "bot/civic/status.hpp"
#include "storage/repositories.hpp"

#include <nlohmann/json.hpp>

namespace buurtbot::api {
namespace {

ApiError no_initiative(const std::string& ref) { return ApiError{404, "no initiative " + ref}; }

// How each refusal of change_initiative_status reads to the client.
int status_code(StatusChangeResult result) {
  switch (result) {
    case StatusChangeResult::ok:
      return 200;
    case StatusChangeResult::not_found:
      return 404;
    case StatusChangeResult::unknown_status:
      return 400;
    case StatusChangeResult::answer_required:
      return 400;
    case StatusChangeResult::not_allowed:
      return 409;
  }
  return 500;
}

std::string message_for(StatusChangeResult result) {
  if (result == StatusChangeResult::answer_required)
    return "this status needs an answer for the resident (answer, answer_en or both)";
  return describe(result);
}

// A blank answer is no answer: the resident would read nothing.
std::string text_of(const nlohmann::json& body, const std::string& name) {
  auto text = body.value(name, std::string());
  return text.find_first_not_of(" \t\r\n") == std::string::npos ? std::string() : text;
}

// The official answer in Dutch ("answer") and English ("answer_en"); either alone is the one given.
OfficialAnswer answer_of(const nlohmann::json& body) { return {text_of(body, "answer"), text_of(body, "answer_en")}; }

// A refusal of a status that cannot follow the current one names the ones that can.
http::Response not_allowed(Call& call, const std::string& ref) {
  auto allowed = nlohmann::json::array();
  if (auto initiative = storage::Initiatives(call.db).find(ref))
    for (auto status : next_statuses(initiative->status)) allowed.push_back(std::string(status));
  std::string names;
  for (const auto& status : allowed) names += (names.empty() ? "" : ", ") + status.get<std::string>();
  const auto message = describe(StatusChangeResult::not_allowed) + (names.empty() ? "; it is final" : "; allowed: " + names);
  return json_response(409, {{"error", message}, {"allowed", allowed}});
}

}  // namespace

http::Response list_initiatives(Call& call) {
  auto query = parse_query(call.request.query, {"status", "theme", "neighbourhood"});
  if (!query.ok()) return error_response(query.error());
  storage::InitiativeFilter filter;
  filter.status = query_value(query.value(), "status");
  filter.theme = query_value(query.value(), "theme");
  filter.neighbourhood = query_value(query.value(), "neighbourhood");
  if (!filter.status.empty() && !is_status(filter.status))
    return error_response({400, "unknown status '" + filter.status + "'"});
  auto out = nlohmann::json::array();
  for (const auto& initiative : storage::Initiatives(call.db).list(filter)) out.push_back(initiative_json(initiative));
  return json_response(200, out);
}

http::Response show_initiative(Call& call) {
  storage::Initiatives initiatives(call.db);
  auto initiative = initiatives.find(call.params.at(0));
  if (!initiative) return error_response(no_initiative(call.params.at(0)));
  return json_response(200, initiative_detail_json(call.db, *initiative));
}

// An officer takes a plan off the public pages, or puts it back; audited, because it changes what
// everyone can see.
http::Response change_visibility(Call& call, bool hidden) {
  storage::Initiatives initiatives(call.db);
  const auto& ref = call.params.at(0);
  auto initiative = initiatives.find(ref);
  if (!initiative) return error_response(no_initiative(ref));
  if (!hidden && !initiative->published)
    return error_response({409, "the submitter did not agree to show this plan on the public pages"});
  storage::Transaction tx(call.db);
  initiatives.set_hidden(initiative->id, hidden);
  storage::Audit(call.db).record(call.actor(), hidden ? "initiative.hide" : "initiative.show", ref);
  tx.commit();
  return json_response(200, initiative_detail_json(call.db, *initiatives.find(ref)));
}

// change_initiative_status runs its own transaction (status, history, audit and notifications), so
// nothing here may hold one open around it.
http::Response update_initiative(Call& call) {
  auto body = parse_body(call.request.body, {{"status", FieldType::text},
                                             {"answer", FieldType::text},
                                             {"answer_en", FieldType::text},
                                             {"hidden", FieldType::boolean}});
  if (!body.ok()) return error_response(body.error());
  const bool has_status = body.value().contains("status");
  if (body.value().contains("hidden")) {
    if (has_status) return error_response({400, "change the status and the visibility in two requests"});
    return change_visibility(call, body.value()["hidden"].get<bool>());
  }
  if (!has_status) return error_response({400, "missing field 'status'"});
  const auto& ref = call.params.at(0);
  const auto status = body.value()["status"].get<std::string>();
  const auto answer = answer_of(body.value());
  const auto result = change_initiative_status(call.db, call.context.config, call.context.pipeline.flows(), ref, status, answer, call.actor());
  if (result == StatusChangeResult::not_allowed) return not_allowed(call, ref);
  if (result != StatusChangeResult::ok) return error_response({status_code(result), message_for(result)});
  if (call.context.wake_outbox) call.context.wake_outbox();
  storage::Initiatives initiatives(call.db);
  return json_response(200, initiative_detail_json(call.db, *initiatives.find(ref)));
}

}  // namespace buurtbot::api
