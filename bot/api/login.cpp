#include "bot/api/login.hpp"

#include "bot/api/auth.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/api/auth/password.hpp"
#include "bot/core/random_token.hpp"
#include "bot/text/text.hpp"
#include "bot/http/client_address.hpp"
#include "storage/officers.hpp"
#include "storage/repositories.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <variant>

namespace buurtbot::api {

/// One login on its way between the threads. It holds its admission by the limiter and its place among
/// the logins in flight until the last thread lets go of it, whichever way the login ends.
struct PendingLogin {
  // Spelled out: clang before 16 cannot make_shared an aggregate from parentheses (the fuzz build).
  PendingLogin(std::string login, std::string password, bool https, auth::LoginAttempt admitted,
               std::shared_ptr<std::atomic<int>> in_flight)
      : login(std::move(login)), password(std::move(password)), https(https), admitted(std::move(admitted)),
        in_flight(std::move(in_flight)) {}
  PendingLogin(const PendingLogin&) = delete;
  PendingLogin& operator=(const PendingLogin&) = delete;

  std::string login;
  std::string password;
  bool https = false;  ///< the session cookie gets Secure
  auth::LoginAttempt admitted;
  std::shared_ptr<std::atomic<int>> in_flight;

  ~PendingLogin() { --*in_flight; }
};

namespace {

// A client refused because too many logins are on their way may come back as soon as a few are done.
constexpr std::chrono::seconds kBusyRetry{1};

ApiError wrong_credentials() { return ApiError{401, "wrong login or password"}; }

// 429 rather than 503: the service is well, this client (or a flood it is part of) asks too much.
http::Response busy() {
  auto response = error_response({429, "too many logins at once; try again in a moment"});
  response.headers.emplace_back("Retry-After", std::to_string(kBusyRetry.count()));
  return response;
}

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
  const auto token = random_token();
  const auto csrf_token = random_token();
  officers.add_session(officer->id, auth::sha256_hex(token), csrf_token, kSessionLifetime);
  storage::Audit(db).record("officer:" + officer->login, "officer.login", officer->login);
  tx.commit();
  auto response = json_response(200, {{"csrf_token", csrf_token}, {"officer", officer_json(*officer)}});
  response.headers.emplace_back("Set-Cookie", session_cookie(token, https));
  return response;
}

// On a hashing thread. A login that does not exist costs the same time as a wrong password, so timing
// does not tell them apart.
void check_password(ApiContext& context, PendingLogin& pending, const std::optional<storage::Officer>& officer,
                    const http::Respond& respond) {
  const bool matches =
      auth::verify_password(pending.password, officer ? officer->password_hash : auth::unmatchable_hash());
  if (!matches || !officer || officer->disabled) {
    pending.admitted.failed();
    return respond(error_response(wrong_credentials()));
  }
  pending.admitted.succeeded();
  context.pipeline.run([id = officer->id, https = pending.https, respond](storage::Database& db) {
    respond_with(respond, [&] { return start_session(db, id, https); });
  });
}

}  // namespace

Login::Login(ApiContext& context, auth::LoginLimits limits, HashingLimits hashing)
    : context_(context),
      hashing_limits_(hashing),
      limiter_(std::make_shared<auth::LoginLimiter>(limits)),
      in_flight_(std::make_shared<std::atomic<int>>(0)),
      hashing_(std::make_unique<boost::asio::thread_pool>(static_cast<std::size_t>(hashing.threads))) {}

Login::~Login() { hashing_->join(); }

void Login::handle(http::Request request, http::Respond respond) {
  if (!sent_as_json(request)) return respond(error_response({415, "send the body as application/json"}));
  auto body = parse_body(request.body, {{"login", FieldType::text, true}, {"password", FieldType::text, true}});
  if (!body.ok()) return respond(error_response(body.error()));
  auto admitted = admit(request, lower(body.value()["login"].get<std::string>()),
                        body.value()["password"].get<std::string>());
  if (auto* refusal = std::get_if<http::Response>(&admitted)) return respond(std::move(*refusal));
  context_.pipeline.run([self = shared_from_this(), pending = std::get<std::shared_ptr<PendingLogin>>(admitted),
                         respond](storage::Database& db) { self->look_up(db, pending, respond); });
}

// The attempt is counted by the limiter before its password is checked, so that guesses sent in
// parallel cannot all pass a check made before any of them failed. One refused for a full queue is
// dropped unchecked and counts as nothing.
std::variant<std::shared_ptr<PendingLogin>, http::Response> Login::admit(const http::Request& request,
                                                                         std::string login, std::string password) {
  const auto& proxy = context_.config.server.trusted_proxy;
  auto admission = limiter_->reserve(login, http::client_address(request, proxy));
  if (!admission.attempt) return too_many(admission.retry_after);
  if (++*in_flight_ > hashing_limits_.max_in_flight) {
    --*in_flight_;
    return busy();
  }
  return std::make_shared<PendingLogin>(std::move(login), std::move(password),
                                        http::over_https(request, context_.tls, proxy), std::move(*admission.attempt),
                                        in_flight_);
}

// On the writer thread: only the read; a hashing thread does the slow part. Its task holds no
// reference to this object, so the last reference is never dropped on the thread it would join.
void Login::look_up(storage::Database& db, std::shared_ptr<PendingLogin> pending, const http::Respond& respond) {
  std::optional<storage::Officer> officer;
  try {
    officer = storage::Officers(db).find_by_login(pending->login);
  } catch (const std::exception& e) {
    return respond(internal_error(e));
  }
  boost::asio::post(*hashing_, [&context = context_, pending = std::move(pending), officer = std::move(officer),
                                respond] { check_password(context, *pending, officer, respond); });
}

}  // namespace buurtbot::api
