#include "bot/api/login.hpp"

#include "bot/api/auth.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/api/auth/password.hpp"
#include "bot/core/text.hpp"
#include "storage/officers.hpp"
#include "storage/repositories.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <cctype>

namespace buurtbot::api {
namespace {

// More logins than this waiting for the hashing thread are refused at once: a flood of attempts
// must not queue up without end, each holding a connection.
constexpr int kMaxVerifying = 32;

ApiError wrong_credentials() { return ApiError{401, "wrong login or password"}; }

// A form on another site can post text/plain that happens to be JSON, to sign a victim's browser in
// to the attacker's account; it cannot post application/json without a CORS preflight we never allow.
bool sent_as_json(const http::Request& request) {
  const auto it = request.headers.find("content-type");
  return it != request.headers.end() && lower(it->second.substr(0, it->second.find(';'))) == "application/json";
}

http::Response start_session(storage::Database& db, storage::Id officer_id, bool https) {
  storage::Transaction tx(db);
  storage::Officers officers(db);
  auto officer = officers.find(officer_id);
  if (!officer || officer->disabled) return error_response(wrong_credentials());
  officers.delete_expired_sessions();
  const auto token = auth::random_token();
  const auto csrf_token = auth::random_token();
  officers.add_session(officer->id, auth::sha256_hex(token), csrf_token, kSessionLifetime);
  storage::Audit(db).record("officer:" + officer->login, "officer.login", officer->login);
  tx.commit();
  auto response = json_response(200, {{"csrf_token", csrf_token}, {"officer", officer_json(*officer)}});
  response.headers.emplace_back("Set-Cookie", session_cookie(token, https));
  return response;
}

}  // namespace

Login::Login(ApiContext& context, auth::LoginLimits limits)
    : context_(context),
      limiter_(std::make_shared<auth::LoginLimiter>(limits)),
      verifying_(std::make_shared<std::atomic<int>>(0)),
      hashing_(std::make_unique<boost::asio::thread_pool>(1)) {}

Login::~Login() { hashing_->join(); }

void Login::handle(http::Request request, http::Respond respond) {
  if (!sent_as_json(request)) return respond(error_response({415, "send the body as application/json"}));
  auto body = parse_body(request.body, {{"login", FieldType::text, true}, {"password", FieldType::text, true}});
  if (!body.ok()) return respond(error_response(body.error()));
  const auto& proxy = context_.config.server.trusted_proxy;
  Attempt attempt{lower(body.value()["login"].get<std::string>()), body.value()["password"].get<std::string>(),
                  client_address(request, proxy), over_https(request, context_.tls, proxy)};
  if (auto wait = limiter_->blocked(attempt.login, attempt.address)) return respond(too_many(*wait));
  if (++*verifying_ > kMaxVerifying) {
    --*verifying_;
    return respond(error_response({503, "too many logins at once; try again in a moment"}));
  }
  context_.pipeline.run([self = shared_from_this(), attempt = std::move(attempt), respond](storage::Database& db) {
    self->look_up(db, attempt, respond);
  });
}

// On the writer thread: only the read; the hashing thread does the slow part. Its task holds no
// reference to this object, so the last reference is never dropped on the thread it would join.
void Login::look_up(storage::Database& db, Attempt attempt, const http::Respond& respond) {
  std::optional<storage::Officer> officer;
  try {
    officer = storage::Officers(db).find_by_login(attempt.login);
  } catch (const std::exception& e) {
    --*verifying_;
    return respond(internal_error(e));
  }
  boost::asio::post(*hashing_, [limiter = limiter_, verifying = verifying_, &context = context_,
                                attempt = std::move(attempt), officer = std::move(officer), respond] {
    // A login that does not exist costs the same time as a wrong password, so timing does not tell them apart.
    const bool matches =
        auth::verify_password(attempt.password, officer ? officer->password_hash : auth::unmatchable_hash());
    --*verifying;
    if (!matches || !officer || officer->disabled) {
      limiter->failed(attempt.login, attempt.address);
      return respond(error_response(wrong_credentials()));
    }
    limiter->succeeded(attempt.login);
    context.pipeline.run([id = officer->id, https = attempt.https, respond](storage::Database& db) {
      respond_with(respond, [&] { return start_session(db, id, https); });
    });
  });
}

}  // namespace buurtbot::api
