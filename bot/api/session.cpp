// The signed-in officer's own session: who am I, and sign out.

#include "bot/api/endpoints.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/http/client_address.hpp"
#include "storage/officers.hpp"
#include "storage/repositories.hpp"

namespace buurtbot::api {

// The page reads the CSRF token from here after a reload: only our own origin can read the answer.
http::Response show_session(Call& call) {
  const auto& caller = call.caller;
  return json_response(200, {{"officer", officer_json(caller.officer)},
                             {"csrf_token", caller.session_hash ? nlohmann::json(caller.csrf_token) : nullptr}});
}

// An API token is not a session: it stays valid until it is revoked or the officer is disabled.
http::Response end_session(Call& call) {
  if (call.caller.session_hash) {
    storage::Transaction tx(call.db);
    storage::Officers(call.db).delete_session(*call.caller.session_hash);
    storage::Audit(call.db).record(call.actor(), "officer.logout", call.caller.officer.login);
    tx.commit();
  }
  const bool https = http::over_https(call.request, call.context.tls, call.context.config.server.trusted_proxy);
  auto response = no_content();
  response.headers.emplace_back("Set-Cookie", cleared_session_cookie(https));
  return response;
}

}  // namespace buurtbot::api
