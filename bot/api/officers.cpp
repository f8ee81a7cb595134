// Officers' accounts for administrators: who has access, with which role, and with how many API tokens.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/civic/admin_actions.hpp"
#include "storage/officers.hpp"
#include "storage/repositories.hpp"

namespace buurtbot::api {
namespace {

ApiError no_officer(const std::string& login) { return ApiError{404, "no officer with login '" + login + "'"}; }

/// What a PATCH of an officer asks for, checked.
struct OfficerChange {
  std::optional<bool> disabled;
  std::optional<std::string> role;
};

Result<OfficerChange> officer_change(const Call& call, const storage::Officer& officer) {
  auto body = parse_body(call.request.body, {{"disabled", FieldType::boolean}, {"role", FieldType::text}});
  if (!body.ok()) return body.error();
  const auto& fields = body.value();
  if (fields.empty()) return ApiError{400, "send disabled, role or both"};
  OfficerChange change;
  if (fields.contains("disabled")) change.disabled = fields["disabled"].get<bool>();
  if (fields.contains("role")) {
    change.role = fields["role"].get<std::string>();
    if (*change.role != "officer" && *change.role != "admin") return ApiError{400, "role must be officer or admin"};
  }
  // An administrator who locks themself out may leave nobody to undo it.
  if (officer.id == call.caller.officer.id && (change.disabled.value_or(false) || change.role == "officer"))
    return ApiError{409, "you cannot disable yourself or give up your own admin role"};
  return change;
}

void apply(Call& call, const storage::Officer& officer, const OfficerChange& change) {
  if (change.disabled) set_officer_disabled(call.db, officer.login, *change.disabled, call.actor());
  if (change.role && *change.role != officer.role) {
    storage::Officers(call.db).set_role(officer.login, *change.role);
    storage::Audit(call.db).record(call.actor(), "officer.role", officer.login, *change.role);
  }
}

nlohmann::json listing_of(storage::Database& db, const std::string& login) {
  for (const auto& listing : storage::Officers(db).list_with_token_counts())
    if (listing.officer.login == login) return officer_listing_json(listing);
  return nullptr;
}

}  // namespace

http::Response list_officers(Call& call) {
  auto out = nlohmann::json::array();
  for (const auto& listing : storage::Officers(call.db).list_with_token_counts())
    out.push_back(officer_listing_json(listing));
  return json_response(200, out);
}

http::Response update_officer(Call& call) {
  const auto& login = call.params.at(0);
  storage::Transaction tx(call.db);
  auto officer = storage::Officers(call.db).find_by_login(login);
  if (!officer) return error_response(no_officer(login));
  auto change = officer_change(call, *officer);
  if (!change.ok()) return error_response(change.error());
  apply(call, *officer, change.value());
  tx.commit();
  return json_response(200, listing_of(call.db, login));
}

http::Response revoke_officer_tokens(Call& call) {
  const auto& login = call.params.at(0);
  if (!revoke_officer_credentials(call.db, login, call.actor())) return error_response(no_officer(login));
  return no_content();
}

}  // namespace buurtbot::api
