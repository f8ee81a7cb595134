#pragma once
// The officers' API in process: the real routes on a server at 127.0.0.1:0, a real Pipeline on a
// temporary database, and a blocking client. Test set-up reaches the database through the pipeline
// too, because the writer thread owns the connection while the test runs.

#include "bot/api/api.hpp"
#include "bot/app/app.hpp"
#include "bot/api/auth/password.hpp"
#include "bot/http/client.hpp"
#include "bot/civic/officer_actions.hpp"
#include "bot/core/random_token.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/site/routes.hpp"
#include "storage/officers.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/http/running_server.hpp"
#include "tests/bot/demo_database.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace buurtbot::api::testing {

/// A header field a request is sent with.
using Header = std::pair<std::string, std::string>;

/// A password long enough for `officer add`, used for every officer of the tests.
inline const std::string kPassword = "correct horse battery";

class ApiTest : public buurtbot::testing::DemoDatabaseTest {
 protected:
  void SetUp() override {
    DemoDatabaseTest::SetUp();
    pipeline_.emplace(db(), config_, flows_, [] {});
    pipeline_->start();
    context_.emplace(ApiContext{*pipeline_, config_, [this] { ++wakes_; }, false});
    http::Router router;
    add_api_routes(router, *context_);
    site_.emplace(site::SiteContext{*pipeline_, config_});
    site::add_site_routes(router, *site_);
    server_.emplace(router);
    anna_token_ = add_officer("anna", "Anna de Vries", "officer");
    bert_token_ = add_officer("bert", "Bert Jansen", "admin");
  }

  // The pipeline first: its writer thread may still be handing a response to the server, and the
  // server's io_context must outlive that hand-off.
  void TearDown() override {
    pipeline_.reset();
    server_.reset();
    DemoDatabaseTest::TearDown();
  }

  /// Runs `work` on the writer thread and waits for its result.
  template <class Work>
  auto on_writer(Work work) -> decltype(work(std::declval<storage::Database&>())) {
    using Out = decltype(work(std::declval<storage::Database&>()));
    auto done = std::make_shared<std::promise<Out>>();
    auto result = done->get_future();
    pipeline_->run([done, work](storage::Database& db) mutable {
      try {
        if constexpr (std::is_void_v<Out>) {
          work(db);
          done->set_value();
        } else {
          done->set_value(work(db));
        }
      } catch (...) {
        done->set_exception(std::current_exception());
      }
    });
    return result.get();
  }

  /// Adds an officer with kPassword (hashed cheaply, the tests need no real cost) and returns an API token.
  std::string add_officer(const std::string& login, const std::string& name, const std::string& role) {
    const auto hash = auth::hash_password(kPassword, auth::ScryptParams{.n = 1 << 10, .r = 8, .p = 1});
    const auto token = random_token();
    on_writer([&](storage::Database& db) {
      storage::Officers officers(db);
      auto officer = officers.add(login, name, role, hash);
      officers.add_token(officer.id, auth::sha256_hex(token));
    });
    return token;
  }

  /// A resident on Telegram (chat `chat`) who asks `text`; returns the thread id.
  storage::Id question(const std::string& chat, const std::string& name, const std::string& text) {
    return on_writer([&](storage::Database& db) {
      auto resident = storage::Residents(db).find_or_create("telegram", chat, chat, name, "nl");
      return storage::Inbox(db).open_thread(resident.id, "telegram", chat, text);
    });
  }

  /// Runs SQL on the writer thread (to age a thread or a session).
  void exec(const std::string& sql) {
    on_writer([&](storage::Database& db) { db.exec(sql); });
  }

  /// Sends one request with `headers`.
  http::Response send(const std::string& method, const std::string& path, const std::string& body = "",
                      std::vector<Header> headers = {}) {
    http::ClientOptions options;
    options.headers = std::move(headers);
    http::Client client(server_->url(), options);
    return client.request(method, path, body.empty() ? "" : "application/json", body);
  }

  /// Sends one request with an API token.
  http::Response as(const std::string& token, const std::string& method, const std::string& path,
                    const std::string& body = "") {
    return send(method, path, body, {{"Authorization", "Bearer " + token}});
  }

  /// The JSON body of a response.
  static nlohmann::json json_of(const http::Response& response) { return nlohmann::json::parse(response.body); }

  /// The value of a response header (names are lower case), or "".
  static std::string header(const http::Response& response, const std::string& name) {
    for (const auto& [field, value] : response.headers)
      if (field == name) return value;
    return "";
  }

  /// A signed-in browser: its Cookie header and CSRF token.
  struct Browser {
    Header cookie;
    std::string csrf;
  };

  /// Signs `login` in with a password and returns the browser's cookie and CSRF token.
  Browser sign_in(const std::string& login) {
    auto response = send("POST", "/api/v1/session", nlohmann::json{{"login", login}, {"password", kPassword}}.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    const auto cookie = header(response, "set-cookie");
    return Browser{{"Cookie", cookie.substr(0, cookie.find(';'))}, json_of(response).value("csrf_token", "")};
  }

  std::optional<Pipeline> pipeline_;
  std::optional<ApiContext> context_;
  std::optional<site::SiteContext> site_;
  std::optional<http::testing::RunningServer> server_;
  std::atomic<int> wakes_{0};
  std::string anna_token_;
  std::string bert_token_;
};

}  // namespace buurtbot::api::testing
