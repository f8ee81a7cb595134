#pragma once
// Internal to bot/api/: signing in. The rate limits are checked on the network thread, the officer is
// read on the writer thread, the password is verified on a small pool of hashing threads (scrypt takes
// tens of milliseconds and 32 MiB, which neither of the others may spend), and the session is stored
// on the writer thread again.

#include "bot/api/context.hpp"
#include "bot/api/auth/login_limiter.hpp"

#include <atomic>
#include <memory>
#include <variant>

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace buurtbot::api {

/// How many passwords are checked at once, and how many logins may be on their way at most.
struct HashingLimits {
  int threads = 2;         ///< hashing threads; each costs 32 MiB while it hashes
  int max_in_flight = 32;  ///< logins admitted but not yet checked; more are answered 429 at once
};

/// One login on its way between the threads (login.cpp).
struct PendingLogin;

/// Answers POST /api/v1/session; shared by the route handlers, it outlives every job it queued.
class Login final : public std::enable_shared_from_this<Login> {
 public:
  /// Signs in against `context`'s database, refusing guessers according to `limits` and floods
  /// according to `hashing`.
  explicit Login(ApiContext& context, auth::LoginLimits limits = {}, HashingLimits hashing = {});
  /// Waits for passwords being verified.
  ~Login();
  Login(const Login&) = delete;
  Login& operator=(const Login&) = delete;

  /// Handles one login request: {login, password} → 200 {csrf_token, officer} with the session cookie.
  void handle(http::Request request, http::Respond respond);

 private:
  std::variant<std::shared_ptr<PendingLogin>, http::Response> admit(const http::Request& request, std::string login,
                                                                  std::string password);
  void look_up(storage::Database& db, std::shared_ptr<PendingLogin> pending, const http::Respond& respond);

  ApiContext& context_;
  HashingLimits hashing_limits_;
  std::shared_ptr<auth::LoginLimiter> limiter_;
  std::shared_ptr<std::atomic<int>> in_flight_;  ///< logins admitted and not yet checked
  std::unique_ptr<boost::asio::thread_pool> hashing_;
};

}  // namespace buurtbot::api
