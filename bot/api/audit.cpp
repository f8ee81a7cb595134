// The audit log, for administrators.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "storage/repositories.hpp"

namespace buurtbot::api {
namespace {

constexpr int kMaxEntries = 1000;
constexpr int kDefaultEntries = 100;

}  // namespace

http::Response list_audit(Call& call) {
  auto query = parse_query(call.request.query, {"limit"});
  if (!query.ok()) return error_response(query.error());
  auto limit = query_number(query.value(), "limit", 1, kMaxEntries, kDefaultEntries);
  if (!limit.ok()) return error_response(limit.error());
  auto out = nlohmann::json::array();
  for (const auto& entry : storage::Audit(call.db).list(limit.value())) out.push_back(audit_json(entry));
  return json_response(200, out);
}

}  // namespace buurtbot::api
