// The web chat's routes in process: a real server on 127.0.0.1, a real database, and a journal that
// stores in memory and commits only when the test says so.

#include "adapters/web/channel.hpp"

#include "bot/http/client.hpp"
#include "storage/database.hpp"
#include "tests/bot/http/running_server.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

namespace buurtbot::adapters::web {
namespace {

using http::testing::eventually;
using http::testing::RawConnection;
using http::testing::RunningServer;
using nlohmann::json;

/// A journal on its own thread, as the pipeline's writer: jobs run on a real database in order, and
/// messages are stored in memory, deduplicated by external id, and committed at once unless held.
class FakeJournal final : public JournalSink {
 public:
  explicit FakeJournal(const std::filesystem::path& path) : db_(storage::Database::open(path)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~FakeJournal() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void journal(InboundMessage message, std::function<void(Journaled)> done) override {
    std::lock_guard lock(mutex_);
    if (hold_) {
      held_.emplace_back(std::move(message), std::move(done));
      return;
    }
    commit(std::move(message), done);
  }
  bool backlogged() const override { return false; }
  void run(std::function<void(storage::Database&)> job) override {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

  /// Holds what comes in from now on, uncommitted, until release().
  void hold() {
    std::lock_guard lock(mutex_);
    hold_ = true;
  }
  /// Commits what was held.
  void release() {
    std::lock_guard lock(mutex_);
    hold_ = false;
    for (auto& [message, done] : held_) commit(std::move(message), done);
    held_.clear();
  }
  std::size_t held() {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  std::vector<InboundMessage> stored() {
    std::lock_guard lock(mutex_);
    return stored_;
  }
  /// Runs `job` on the journal's thread and waits for it.
  void wait_for(std::function<void(storage::Database&)> job) {
    std::promise<void> done;
    run([&](storage::Database& db) {
      job(db);
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  void commit(InboundMessage message, const std::function<void(Journaled)>& done) {
    if (!keys_.insert(message.external_id).second) return done(Journaled::duplicate);
    stored_.push_back(std::move(message));
    done(Journaled::stored);
  }

  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job(db_);
      lock.lock();
    }
  }

  storage::Database db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void(storage::Database&)>> jobs_;
  std::vector<std::pair<InboundMessage, std::function<void(Journaled)>>> held_;
  std::vector<InboundMessage> stored_;
  std::set<std::string> keys_;
  bool stopping_ = false;
  bool hold_ = false;
  std::thread thread_;
};

std::string header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return {};
}

// "buurtbot_chat=KEY; Path=…" → "buurtbot_chat=KEY"
std::string cookie_of(const http::Response& response) {
  const auto set = header(response, "set-cookie");
  return set.substr(0, set.find(';'));
}

class WebChatRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() / ("buurtbot-web-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    settings_.enabled = true;
    settings_.keepalive_s = 1;
  }

  void TearDown() override {
    server_.reset();
    channel_.reset();
    journal_.reset();
    std::filesystem::remove_all(dir_);
  }

  void serve() {
    journal_ = std::make_unique<FakeJournal>(dir_ / "buurtbot.db");
    channel_ = std::make_unique<WebChannel>(settings_, Site{.tls = false, .trusted_proxy = "", .public_url = public_url_,
                                                            .municipality = "Gemeente Voorbeeld", .mail = mail_},
                                            flows::FlowSet{});
    http::Router router;
    for (auto& route : channel_->routes(*journal_)) {
      if (route.max_body_bytes > 0) router.limit_body(route.path, route.max_body_bytes);
      router.add(route.method, route.path, std::move(route.handler));
    }
    channel_->start(*journal_);
    server_ = std::make_unique<RunningServer>(router);
  }

  /// A client as our page is: the chat header and this site's Origin, and `cookie` when given.
  http::Client page(const std::string& cookie = "") {
    http::ClientOptions options;
    options.headers = {{"X-Buurtbot-Chat", "1"}, {"Origin", server_->url()}};
    if (!cookie.empty()) options.headers.emplace_back("Cookie", cookie);
    return http::Client(server_->url(), options);
  }

  http::Response mail(http::Client& client, const std::string& id, const std::string& address, const std::string& purpose) {
    return client.post("/chat/api/mail", "application/json", json{{"id", id}, {"address", address}, {"for", purpose}}.dump());
  }

  http::Response say(http::Client& client, const std::string& id, const std::string& text) {
    return client.post("/chat/api/messages", "application/json", json{{"id", id}, {"text", text}}.dump());
  }

  /// Posts `bytes` as a photo, said by the browser to be `type` (which counts for nothing).
  http::Response photo(http::Client& client, const std::string& id, const std::string& bytes,
                       const std::string& type = "application/octet-stream") {
    return client.post("/chat/api/photos?id=" + id + "&lang=nl&name=bankje.png&label=Foto%3A%20bankje.png", type, bytes);
  }

  json events(const std::string& cookie, int after = 0) {
    auto response = page(cookie).get("/chat/api/events?poll=1&after=" + std::to_string(after));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body)["events"];
  }

  std::string address_of(const std::string& cookie) {
    const auto stored = journal_->stored();
    (void)cookie;
    return stored.empty() ? std::string() : stored.back().conversation;
  }

  SendResult reply(const std::string& address, const std::string& text, std::int64_t outbox_id) {
    OutboundMessage message;
    message.text = text;
    return channel_->send(address, message, outbox_id);
  }

  std::filesystem::path dir_;
  bool mail_ = false;
  std::string public_url_;
  WebChatSettings settings_;
  std::unique_ptr<FakeJournal> journal_;
  std::unique_ptr<WebChannel> channel_;
  std::unique_ptr<RunningServer> server_;
};

TEST_F(WebChatRoutes, AcknowledgesAPostOnlyAfterTheJournalCommit) {
  serve();
  journal_->hold();
  auto answer = std::async(std::launch::async, [this] {
    auto client = page();
    return say(client, "m1", "Hallo");
  });
  ASSERT_TRUE(eventually([this] { return journal_->held() == 1; }));
  EXPECT_EQ(answer.wait_for(std::chrono::seconds(0)), std::future_status::timeout) << "answered before the commit";
  journal_->release();
  const auto response = answer.get();
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body)["duplicate"], false);
  const auto cookie = header(response, "set-cookie");
  EXPECT_TRUE(cookie.starts_with("buurtbot_chat=")) << cookie;
  EXPECT_NE(cookie.find("; Path=/chat;"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "served over plain HTTP: " << cookie;
  ASSERT_EQ(journal_->stored().size(), 1u);
  EXPECT_TRUE(is_web_address(journal_->stored()[0].conversation)) << journal_->stored()[0].conversation;
}

TEST_F(WebChatRoutes, StoresAMessagePostedTwiceOnce) {
  serve();
  auto first_client = page();
  const auto first = say(first_client, "same-id", "Mijn vraag");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto cookie = cookie_of(first);
  auto again = page(cookie);
  const auto second = say(again, "same-id", "Mijn vraag");
  EXPECT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json::parse(second.body)["duplicate"], true);
  EXPECT_EQ(json::parse(second.body)["seq"], json::parse(first.body)["seq"]);
  EXPECT_EQ(journal_->stored().size(), 1u);
  const auto shown = events(cookie);
  ASSERT_EQ(shown.size(), 1u) << shown;
  EXPECT_EQ(shown[0]["event"]["text"], "Mijn vraag");
  EXPECT_EQ(shown[0]["event"]["from"], "resident");
}

TEST_F(WebChatRoutes, RefusesAForgedPostWith403AndStoresNothing) {
  serve();
  http::Client bare(server_->url());
  auto response = bare.post("/chat/api/messages", "application/json", R"({"id":"x","text":"hoi"})");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(json::parse(response.body)["error"], "forbidden");
  EXPECT_NE(json::parse(response.body)["message"].get<std::string>().find("X-Buurtbot-Chat"), std::string::npos);

  http::ClientOptions options;
  options.headers = {{"X-Buurtbot-Chat", "1"}, {"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}};
  http::Client forged(server_->url(), options);
  response = forged.post("/chat/api/messages", "application/json", R"({"id":"x","text":"hoi"})");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(forged.post("/chat/api/resume-code", "application/json", "{}").status, 403);
  EXPECT_TRUE(journal_->stored().empty());
  EXPECT_EQ(header(response, "set-cookie"), "");
}

TEST_F(WebChatRoutes, AnswersTooManyPostsWith429AndRetryAfter) {
  settings_.limits.posts_per_minute = 3;
  serve();
  auto client = page();
  const auto first = say(client, "p0", "een");
  const auto cookie = cookie_of(first);
  auto same = page(cookie);
  EXPECT_EQ(say(same, "p1", "twee").status, 200);
  EXPECT_EQ(say(same, "p2", "drie").status, 200);
  const auto refused = say(same, "p3", "vier");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(json::parse(refused.body)["error"], "too_many");
  const int wait = std::stoi(header(refused, "retry-after"));
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 60);
  EXPECT_EQ(journal_->stored().size(), 3u);
}

TEST_F(WebChatRoutes, AnswersTooManyPostsFromOneAddressWith429) {
  settings_.limits.posts_per_minute_per_address = 2;
  serve();
  auto a = page();
  auto b = page();
  EXPECT_EQ(say(a, "a1", "een").status, 200);
  EXPECT_EQ(say(b, "b1", "een").status, 200);
  const auto refused = say(a, "a2", "twee");
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(header(refused, "retry-after").empty());
}

TEST_F(WebChatRoutes, RefusesATooLargePostWith413) {
  settings_.limits.max_body_bytes = 300;
  serve();
  auto client = page();
  const auto refused = say(client, "big", std::string(400, 'a'));
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(json::parse(refused.body)["error"], "too_large");
  EXPECT_EQ(say(client, "small", std::string(100, 'a')).status, 200);
  EXPECT_EQ(journal_->stored().size(), 1u);
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(300, 'p');

TEST_F(WebChatRoutes, APhotoIsJournaledWithItsBytesAndTheTypeTheyShow) {
  serve();
  auto client = page();
  const auto response = photo(client, "f1", kPng, "text/html");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto stored = journal_->stored();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].text, "");
  ASSERT_EQ(stored[0].attachments.size(), 1u);
  const auto& sent = stored[0].attachments[0];
  EXPECT_EQ(sent.kind, "photo");
  EXPECT_EQ(sent.name, "bankje.png");
  EXPECT_EQ(sent.content_type, "image/png") << "the bytes', not the browser's";
  EXPECT_EQ(sent.bytes, kPng);
  const auto shown = events(cookie_of(response));
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]["event"]["text"], "Foto: bankje.png");
}

TEST_F(WebChatRoutes, StoresAPhotoPostedTwiceOnce) {
  serve();
  auto client = page();
  const auto first = photo(client, "same-photo", kPng);
  ASSERT_EQ(first.status, 200) << first.body;
  auto again = page(cookie_of(first));
  const auto second = photo(again, "same-photo", kPng);
  EXPECT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json::parse(second.body)["duplicate"], true);
  EXPECT_EQ(journal_->stored().size(), 1u);
  EXPECT_EQ(events(cookie_of(first)).size(), 1u);
}

TEST_F(WebChatRoutes, RefusesAForgedPhotoWith403AndStoresNothing) {
  serve();
  http::Client bare(server_->url());
  EXPECT_EQ(photo(bare, "x", kPng).status, 403);
  http::ClientOptions options;
  options.headers = {{"X-Buurtbot-Chat", "1"}, {"Origin", "https://evil.example"}};
  http::Client forged(server_->url(), options);
  EXPECT_EQ(photo(forged, "y", kPng).status, 403);
  EXPECT_TRUE(journal_->stored().empty());
}

TEST_F(WebChatRoutes, RefusesATooLargePhotoWith413) {
  settings_.limits.max_photo_bytes = 1024;
  serve();
  auto client = page();
  const auto refused = photo(client, "big", kPng + std::string(1024, 'p'));
  EXPECT_EQ(refused.status, 413) << "refused by the route's own body limit, before it is read";
  EXPECT_EQ(photo(client, "small", kPng).status, 200);
  EXPECT_EQ(journal_->stored().size(), 1u);
}

TEST_F(WebChatRoutes, RefusesWhatIsNoPictureWith415AndSaysWhy) {
  serve();
  auto client = page();
  for (const auto& bytes : {std::string("<html><script>alert(1)</script></html>"),
                            std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), std::string("%PDF-1.7")}) {
    const auto refused = photo(client, "nope", bytes, "image/png");
    EXPECT_EQ(refused.status, 415) << bytes;
    EXPECT_EQ(json::parse(refused.body)["error"], "not_a_photo");
    EXPECT_NE(json::parse(refused.body)["message"].get<std::string>().find("PNG, JPEG, GIF or WebP"), std::string::npos);
  }
  EXPECT_TRUE(journal_->stored().empty());
}

TEST_F(WebChatRoutes, PhotosCountWithPostsAgainstTheAddressLimit) {
  settings_.limits.posts_per_minute_per_address = 2;
  serve();
  auto client = page();
  EXPECT_EQ(say(client, "m1", "Kijk").status, 200);
  EXPECT_EQ(photo(client, "p1", kPng).status, 200);
  const auto refused = photo(client, "p2", kPng);
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(header(refused, "retry-after").empty());
}

TEST_F(WebChatRoutes, AnExpiredSessionShowsNothingAndAPostStartsANewOne) {
  serve();
  auto client = page();
  const auto first = say(client, "e1", "Oud gesprek");
  const auto cookie = cookie_of(first);
  const auto old_address = journal_->stored().back().conversation;
  journal_->wait_for([](storage::Database& db) { db.exec("UPDATE web_sessions SET expires_at = '2000-01-01T00:00:00Z'"); });

  const auto refused = page(cookie).get("/chat/api/events?poll=1");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(json::parse(refused.body)["error"], "no_session");
  EXPECT_NE(header(refused, "set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_TRUE(reply(old_address, "Te laat", 1).has_value() && reply(old_address, "Te laat", 1)->unreachable);

  auto returning = page(cookie);
  const auto fresh = say(returning, "e2", "Nieuw gesprek");
  ASSERT_EQ(fresh.status, 200);
  EXPECT_NE(journal_->stored().back().conversation, old_address);
  const auto shown = events(cookie_of(fresh));
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]["event"]["text"], "Nieuw gesprek");
}

TEST_F(WebChatRoutes, AStreamResumesAfterLastEventIdAndGoesOnLive) {
  serve();
  auto client = page();
  const auto first = say(client, "s1", "Vraag");
  const auto cookie = cookie_of(first);
  const auto address = journal_->stored().back().conversation;
  EXPECT_FALSE(reply(address, "Antwoord een", 101).has_value());
  EXPECT_FALSE(reply(address, "Antwoord twee", 102).has_value());
  EXPECT_FALSE(reply(address, "Antwoord twee", 102).has_value()) << "a retried outbox row";

  RawConnection raw(server_->server().port());
  ASSERT_TRUE(raw.send("GET /chat/api/events?after=0 HTTP/1.1\r\nHost: t\r\nCookie: " + cookie + "\r\nLast-Event-ID: 1\r\n\r\n"));
  std::string received;
  auto until = [&](const std::string& wanted) {
    return eventually([&] {
      char chunk[4096];
      auto got = ::recv(raw.fd(), chunk, sizeof chunk, MSG_DONTWAIT);
      if (got > 0) received.append(chunk, static_cast<std::size_t>(got));
      return received.find(wanted) != std::string::npos;
    });
  };
  ASSERT_TRUE(until("id: 3\n")) << received;
  EXPECT_NE(received.find("Content-Type: text/event-stream"), std::string::npos) << received;
  EXPECT_EQ(received.find("id: 1\n"), std::string::npos) << "resumed after 1: " << received;
  EXPECT_NE(received.find("id: 2\ndata: {\"from\":\"bot\",\"text\":\"Antwoord een\"}\n\n"), std::string::npos) << received;
  EXPECT_EQ(received.find("id: 4\n"), std::string::npos) << "the retried row is shown once: " << received;

  EXPECT_FALSE(reply(address, "Later antwoord van de gemeente", 103).has_value());
  ASSERT_TRUE(until("id: 4\ndata: {\"from\":\"bot\",\"text\":\"Later antwoord van de gemeente\"}")) << received;
  ASSERT_TRUE(until("\n:\n\n")) << "a keep-alive comment: " << received;
}

TEST_F(WebChatRoutes, CapsTheOpenStreamsOfASession) {
  settings_.limits.streams_per_session = 1;
  serve();
  auto client = page();
  const auto cookie = cookie_of(say(client, "c1", "Hallo"));
  RawConnection first(server_->server().port());
  ASSERT_TRUE(first.send("GET /chat/api/events HTTP/1.1\r\nHost: t\r\nCookie: " + cookie + "\r\n\r\n"));
  ASSERT_TRUE(eventually([&] {
    char byte;
    return ::recv(first.fd(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }));
  RawConnection second(server_->server().port());
  ASSERT_TRUE(second.send("GET /chat/api/events HTTP/1.1\r\nHost: t\r\nCookie: " + cookie + "\r\n\r\n"));
  const auto refused = second.read_response();
  EXPECT_EQ(http::testing::status_of(refused), 429) << refused;
  EXPECT_NE(refused.find("Retry-After: "), std::string::npos) << refused;
}

TEST_F(WebChatRoutes, AResidentsScriptIsDeliveredAsText) {
  serve();
  auto client = page();
  const std::string script = "<script>alert('x')</script> & \"quotes\"";
  const auto cookie = cookie_of(say(client, "x1", script));
  EXPECT_EQ(journal_->stored().back().text, script);
  auto response = page(cookie).get("/chat/api/events?poll=1");
  EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(header(response, "x-content-type-options"), "nosniff");
  EXPECT_EQ(json::parse(response.body)["events"][0]["event"]["text"], script);
  const auto chat = page().get("/chat/");
  EXPECT_EQ(chat.status, 200);
  EXPECT_NE(header(chat, "content-security-policy").find("script-src 'self';"), std::string::npos);
  EXPECT_EQ(header(chat, "content-security-policy").find("unsafe-inline"), std::string::npos);
}

TEST_F(WebChatRoutes, AResumeCodeOpensTheSessionInAnotherBrowserOnce) {
  serve();
  auto phone = page();
  const auto cookie = cookie_of(say(phone, "r1", "Begonnen op de telefoon"));
  auto same = page(cookie);
  const auto made = same.post("/chat/api/resume-code", "application/json", "{}");
  ASSERT_EQ(made.status, 200) << made.body;
  const auto code = json::parse(made.body)["code"].get<std::string>();
  EXPECT_EQ(code.size(), 9u) << code;

  auto laptop = page();
  const auto resumed = laptop.post("/chat/api/resume", "application/json", json{{"code", code}}.dump());
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  const auto laptop_cookie = cookie_of(resumed);
  EXPECT_NE(laptop_cookie, cookie);
  const auto shown = events(laptop_cookie);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]["event"]["text"], "Begonnen op de telefoon");

  auto thief = page();
  EXPECT_EQ(thief.post("/chat/api/resume", "application/json", json{{"code", code}}.dump()).status, 404);
  EXPECT_EQ(page().post("/chat/api/resume-code", "application/json", "{}").status, 401);
}

// With the e-mail channel on, a resident leaves a mail address for answers (journaled as an event of
// their session, stored once when sent twice) or asks for a resume link by mail: the code is made here
// and travels after '#' in the link, and a mailbox gets at most three such mails an hour.
TEST_F(WebChatRoutes, AMailAddressIsJournaledAsAnEventOfTheSession) {
  mail_ = true;
  public_url_ = "https://bot.gemeente.example/";
  serve();
  auto phone = page();
  const auto cookie = cookie_of(say(phone, "m1", "Mijn vraag"));
  auto same = page(cookie);
  ASSERT_EQ(mail(same, "a1", "anna@buurt.example", "answers").status, 200);
  ASSERT_EQ(mail(same, "a1", "anna@buurt.example", "answers").status, 200) << "sent twice";
  ASSERT_EQ(mail(same, "a2", "", "answers").status, 200) << "an empty address stops it";
  ASSERT_EQ(mail(same, "r1", "anna@buurt.example", "resume").status, 200);
  const auto stored = journal_->stored();
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[1].event, "mail_answers");
  EXPECT_EQ(stored[1].mail_to, "anna@buurt.example");
  EXPECT_EQ(stored[1].conversation, stored[0].conversation);
  EXPECT_EQ(stored[2].mail_to, "");
  EXPECT_EQ(stored[3].event, "mail_resume");
  const auto link = stored[3].text;
  ASSERT_TRUE(link.starts_with("https://bot.gemeente.example/chat/#code=")) << link;

  auto laptop = page();
  const auto code = link.substr(link.find('=') + 1);
  ASSERT_EQ(laptop.post("/chat/api/resume", "application/json", json{{"code", code}}.dump()).status, 200)
      << "the mailed code opens the session";

  EXPECT_EQ(mail(same, "r2", "Anna@Buurt.example", "resume").status, 200);
  EXPECT_EQ(mail(same, "r3", "anna@buurt.example", "resume").status, 200);
  const auto fourth = mail(same, "r4", "anna@buurt.example", "resume");
  EXPECT_EQ(fourth.status, 429) << "a form must not flood a mailbox";
  EXPECT_FALSE(header(fourth, "retry-after").empty());
}

TEST_F(WebChatRoutes, AMailAddressIsRefusedWhenItIsNoneOrWithoutASessionOrMail) {
  mail_ = true;
  serve();
  auto stranger = page();
  EXPECT_EQ(mail(stranger, "n1", "anna@buurt.example", "answers").status, 401) << "no conversation yet";
  auto first = page();
  const auto cookie = cookie_of(say(first, "m1", "Hoi"));
  auto same = page(cookie);
  for (const auto* wrong : {"anna", "anna@buurt", "@buurt.example", "anna@@buurt.example", "anna @buurt.example",
                            "anna@buurt.example\r\nBcc: x@y.example", "<anna@buurt.example>"})
    EXPECT_EQ(mail(same, "w1", wrong, "answers").status, 400) << wrong;
  EXPECT_EQ(mail(same, "w2", "", "resume").status, 400) << "only answers stop with an empty address";
  EXPECT_EQ(mail(same, "w3", "anna@buurt.example", "news").status, 400);
  EXPECT_EQ(mail(same, "w4", "anna@buurt.example", "resume").status, 404) << "no link without a public address";
  http::Client bare(server_->url());
  EXPECT_EQ(bare.post("/chat/api/mail", "application/json", R"({"id":"f","address":"a@b.example","for":"answers"})").status, 403);
  EXPECT_EQ(journal_->stored().size(), 1u);
}

TEST_F(WebChatRoutes, WithoutTheEmailChannelThereIsNoMailRouteAndNoForm) {
  serve();
  auto first = page();
  auto same = page(cookie_of(say(first, "m1", "Hoi")));
  EXPECT_EQ(mail(same, "a1", "anna@buurt.example", "answers").status, 404);
  EXPECT_EQ(page().get("/chat/").body.find("answers-mail"), std::string::npos);
}

TEST_F(WebChatRoutes, ServesThePageInTheVisitorsLanguageAndItsFiles) {
  serve();
  http::ClientOptions english;
  english.headers = {{"Accept-Language", "en-GB,en;q=0.9"}};
  const auto page_en = http::Client(server_->url(), english).get("/chat/");
  EXPECT_NE(page_en.body.find("<html lang=\"en\" "), std::string::npos);
  const auto page_nl = page().get("/chat/?lang=nl");
  EXPECT_NE(page_nl.body.find("<html lang=\"nl\" "), std::string::npos);
  EXPECT_NE(page_nl.body.find("aria-live=\"polite\""), std::string::npos);
  for (const auto* file : {"/chat/chat.js", "/chat/chat.css", "/chat/widget.js"})
    EXPECT_EQ(page().get(file).status, 200) << file;
  EXPECT_EQ(page().get("/chat").status, 308);
}

TEST(WebChatStartLink, CarriesAPlainCommandForThePageToFillIn) {
  const WebChannel channel(WebChatSettings{}, Site{}, flows::FlowSet{});
  const auto support = channel.start_link("steun BI-2026-0042");
  ASSERT_TRUE(support);
  EXPECT_EQ(support->url, "/chat/?command=steun+BI-2026-0042");
  EXPECT_TRUE(support->carries_command);
  for (const auto* odd : {"", "steun <b>", "steun&x=1", "a/b"}) {
    const auto plain = channel.start_link(odd);
    ASSERT_TRUE(plain) << odd;
    EXPECT_EQ(plain->url, "/chat/") << odd;
    EXPECT_FALSE(plain->carries_command) << odd;
  }
}

}  // namespace
}  // namespace buurtbot::adapters::web
