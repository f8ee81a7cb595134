#pragma once
// Internal to bot/api/: signing in. The rate limits are checked on the network thread, the officer is
// read on the writer thread, the password is verified on a hashing thread of its own (scrypt takes
// tens of milliseconds and 32 MiB, which neither of the others may spend), and the session is stored
// on the writer thread again.

#include "bot/api/context.hpp"
#include "bot/api/auth/login_limiter.hpp"

#include <atomic>
#include <memory>

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace buurtbot::api {

/// Answers POST /api/v1/session; shared by the route handlers, it outlives every job it queued.
class Login final : public std::enable_shared_from_this<Login> {
 public:
  /// Signs in against `context`'s database, refusing guessers according to `limits`.
  explicit Login(ApiContext& context, auth::LoginLimits limits = {});
  /// Waits for passwords being verified.
  ~Login();
  Login(const Login&) = delete;
  Login& operator=(const Login&) = delete;

  /// Handles one login request: {login, password} → 200 {csrf_token, officer} with the session cookie.
  void handle(http::Request request, http::Respond respond);

 private:
  /// One login attempt on its way between the threads.
  struct Attempt {
    std::string login;
    std::string password;
    std::string address;
    bool https = false;  ///< the session cookie gets Secure
  };

  void look_up(storage::Database& db, Attempt attempt, const http::Respond& respond);

  ApiContext& context_;
  std::shared_ptr<auth::LoginLimiter> limiter_;
  std::shared_ptr<std::atomic<int>> verifying_;  ///< logins queued for the hashing thread
  std::unique_ptr<boost::asio::thread_pool> hashing_;
};

}  // namespace buurtbot::api
