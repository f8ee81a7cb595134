// Signing in while the writer thread is held, so that logins pile up as they do under load and what
// is admitted is decided before any password is checked.
#include "bot/api/login.hpp"

#include "tests/bot/api/api_fixture.hpp"

#include <algorithm>
#include <mutex>

namespace buurtbot::api::testing {
namespace {

using http::testing::eventually;

class ApiLogin : public ApiTest {
 protected:
  void TearDown() override {
    release_writer();
    ApiTest::TearDown();
  }

  /// Holds the writer thread until release_writer(): logins then wait before their officer is read.
  void hold_writer() {
    pipeline_->run([gate = gate_](storage::Database&) { gate.wait(); });
  }

  void release_writer() {
    if (released_) return;
    released_ = true;
    open_.set_value();
  }

  /// Hands one login to `login` as sent from `address`; its answer is collected in answers_.
  void attempt(Login& login, const std::string& name, const std::string& password, const std::string& address) {
    http::Request request{.method = "POST",
                          .target = "/api/v1/session",
                          .path = "/api/v1/session",
                          .headers = {{"content-type", "application/json"}},
                          .body = nlohmann::json{{"login", name}, {"password", password}}.dump(),
                          .remote = address + ":40000",
                          .stream = nullptr};
    login.handle(std::move(request), [this](http::Response response) {
      std::lock_guard lock(mutex_);
      answers_.push_back(std::move(response));
    });
  }

  /// How many answers so far had `status`.
  int answered(int status) {
    std::lock_guard lock(mutex_);
    return static_cast<int>(std::count_if(answers_.begin(), answers_.end(),
                                          [status](const http::Response& r) { return r.status == status; }));
  }

  /// Waits until `count` logins were answered.
  bool all_answered(std::size_t count) {
    return eventually([&] {
      std::lock_guard lock(mutex_);
      return answers_.size() >= count;
    });
  }

  std::mutex mutex_;
  std::vector<http::Response> answers_;
  std::promise<void> open_;
  std::shared_future<void> gate_ = open_.get_future().share();
  bool released_ = false;
};

TEST_F(ApiLogin, FortyParallelWrongPasswordsForOneLoginGetOnlyFiveChecks) {
  auto login = std::make_shared<Login>(*context_);
  hold_writer();
  for (int i = 0; i < 40; ++i) attempt(*login, "anna", "guess " + std::to_string(i), "192.0.2.1");
  EXPECT_EQ(answered(429), 35) << "refused before any password was checked";
  release_writer();
  ASSERT_TRUE(all_answered(40));
  EXPECT_EQ(answered(401), 5);
  EXPECT_EQ(answered(429), 35);
}

TEST_F(ApiLogin, AFullQueueOfLoginsAnswers429WithRetryAfterAndCountsNothing) {
  auto login = std::make_shared<Login>(*context_, auth::LoginLimits{}, HashingLimits{.threads = 1, .max_in_flight = 4});
  hold_writer();
  for (int i = 0; i < 4; ++i) attempt(*login, "anna", "guess", "192.0.2." + std::to_string(i + 1));
  EXPECT_EQ(answered(429), 0);
  attempt(*login, "bert", kPassword, "198.51.100.7");
  ASSERT_EQ(answered(429), 1);
  {
    std::lock_guard lock(mutex_);
    const auto& headers = answers_.back().headers;
    EXPECT_TRUE(std::any_of(headers.begin(), headers.end(), [](const auto& h) { return h.first == "Retry-After"; }));
  }
  release_writer();
  ASSERT_TRUE(all_answered(5));
  EXPECT_EQ(answered(401), 4);
  attempt(*login, "bert", kPassword, "198.51.100.7");
  ASSERT_TRUE(all_answered(6));
  std::lock_guard lock(mutex_);
  EXPECT_EQ(answers_.back().status, 200) << answers_.back().body;
}

}  // namespace
}  // namespace buurtbot::api::testing
