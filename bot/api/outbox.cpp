// The outbox for administrators: messages that could not be delivered, and sending them again.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/civic/admin_actions.hpp"
#include "storage/repositories.hpp"

namespace buurtbot::api {
namespace {

constexpr int kMaxListed = 1000;
constexpr int kDefaultListed = 100;

}  // namespace

http::Response list_outbox(Call& call) {
  auto query = parse_query(call.request.query, {"status", "limit"});
  if (!query.ok()) return error_response(query.error());
  // Only given-up rows are worth an administrator's time; the rest leave on their own.
  if (query_value(query.value(), "status") != "dead") return error_response({400, "status must be dead"});
  auto limit = query_number(query.value(), "limit", 1, kMaxListed, kDefaultListed);
  if (!limit.ok()) return error_response(limit.error());
  auto out = nlohmann::json::array();
  for (const auto& row : storage::Outbox(call.db).dead(limit.value())) out.push_back(outbox_row_json(row));
  return json_response(200, out);
}

http::Response retry_outbox_row(Call& call) {
  const auto& given = call.params.at(0);
  const auto id = parse_id(given);
  const auto result = id ? buurtbot::retry_outbox_row(call.db, *id, call.actor()) : OutboxRetryResult::not_found;
  if (result == OutboxRetryResult::not_found) return error_response({404, "no outbox row " + given});
  auto row = storage::Outbox(call.db).find(*id);
  if (result == OutboxRetryResult::not_dead) return error_response({409, "outbox row " + given + " is " + row->status});
  if (call.context.wake_outbox) call.context.wake_outbox();
  return json_response(200, outbox_row_json(*row));
}

}  // namespace buurtbot::api
