// The outbox for administrators: messages that could not be delivered, and sending them again.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
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
  const auto id = parse_id(call.params.at(0));
  storage::Transaction tx(call.db);
  storage::Outbox outbox(call.db);
  auto row = id ? outbox.find(*id) : std::nullopt;
  if (!row) return error_response({404, "no outbox row " + call.params.at(0)});
  if (row->status != "dead") return error_response({409, "outbox row " + call.params.at(0) + " is " + row->status});
  outbox.retry(row->id);
  storage::Audit(call.db).record(call.actor(), "outbox.retry", std::to_string(row->id));
  tx.commit();
  if (call.context.wake_outbox) call.context.wake_outbox();
  return json_response(200, outbox_row_json(*outbox.find(row->id)));
}

}  // namespace buurtbot::api
