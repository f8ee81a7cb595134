// The web chat through `buurtbot serve` on the demo config: a resident asks a question at /chat/, an
// officer answers through the officers' API, and the answer reaches the open event stream at once; a
// later answer waits in the database for the resident, across a restart.

#include "bot/http/client.hpp"
#include "tests/bot/http/running_server.hpp"
#include "tests/e2e/service.hpp"
#include "tests/e2e/smtp_sink.hpp"
#include "adapters/email/parse.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

namespace buurtbot::testing {
namespace {

using http::testing::eventually;
using nlohmann::json;

constexpr const char* kQuestion = "Wanneer wordt het gras in het park gemaaid?";

std::string header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return {};
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

class WebChatService : public ::testing::Test {
 protected:
  void SetUp() override {
    service.set_env("BUURTBOT_OFFICER_PASSWORD", "a long passphrase of the e2e officer");
    ASSERT_TRUE(service.start());
  }

  /// The chat page's requests: its header and Origin, and the session's cookie once there is one.
  http::Response post(const json& message) {
    http::ClientOptions options;
    options.headers = {{"X-Buurtbot-Chat", "1"}, {"Origin", service.url()}};
    if (!cookie.empty()) options.headers.emplace_back("Cookie", cookie);
    auto response = http::Client(service.url(), options).post("/chat/api/messages", "application/json", message.dump());
    if (const auto set = header(response, "set-cookie"); !set.empty()) cookie = set.substr(0, set.find(';'));
    return response;
  }

  json events(std::int64_t after) {
    http::ClientOptions options;
    options.headers = {{"Cookie", cookie}};
    auto response = http::Client(service.url(), options).get("/chat/api/events?poll=1&after=" + std::to_string(after));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body)["events"];
  }

  /// Waits until a reply of the bot holds `words`; its event number, or 0.
  std::int64_t wait_for_bot(const std::string& words) {
    std::int64_t found = 0;
    eventually([&] {
      for (const auto& event : events(0))
        if (event["event"]["from"] == "bot" && event["event"]["text"].get<std::string>().find(words) != std::string::npos)
          found = event["id"].get<std::int64_t>();
      return found > 0;
    });
    EXPECT_GT(found, 0) << "no reply with \"" << words << "\"\n" << service.log();
    return found;
  }

  http::Client officer() {
    const auto added = service.admin().run({"officer", "add", "els", "--name", "Els de Vries", "--role", "officer"});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    const auto token = service.admin().run({"officer", "token", "els"});
    http::ClientOptions options;
    options.headers.emplace_back("Authorization", "Bearer " + trimmed(token.out));
    return http::Client(service.url(), options);
  }

  Service service;
  std::string cookie;
};

TEST_F(WebChatService, AnOfficersAnswerArrivesLiveAndALaterOneWaitsForTheResident) {
  ASSERT_EQ(post({{"id", "m1"}, {"text", "/start"}, {"label", "Begin het gesprek"}}).status, 200);
  ASSERT_FALSE(cookie.empty());
  wait_for_bot("Wat wil je doen?");
  ASSERT_EQ(post({{"id", "m2"}, {"choice", "question"}, {"label", "Een vraag stellen"}}).status, 200);
  wait_for_bot("Wat is je vraag?");
  ASSERT_EQ(post({{"id", "m3"}, {"text", kQuestion}}).status, 200);
  const auto promised = wait_for_bot("Een medewerker van de gemeente leest je vraag");
  const auto again = post({{"id", "m3"}, {"text", kQuestion}});
  EXPECT_EQ(json::parse(again.body)["duplicate"], true) << again.body;

  auto api = officer();
  const auto threads = json::parse(api.get("/api/v1/threads?channel=web").body);
  ASSERT_EQ(threads.size(), 1u) << threads.dump();
  EXPECT_EQ(threads[0]["first_question"], kQuestion);
  const auto replies = "/api/v1/threads/" + std::to_string(threads[0]["id"].get<std::int64_t>()) + "/replies";

  // The page's event stream, open from where the resident is: the answer comes through it by itself.
  http::testing::RawConnection stream(service.port());
  ASSERT_TRUE(stream.send("GET /chat/api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie +
                          "\r\nLast-Event-ID: " + std::to_string(promised) + "\r\n\r\n"));
  std::string received;
  auto stream_shows = [&](const std::string& words) {
    return eventually([&] {
      char chunk[4096];
      const auto got = ::recv(stream.fd(), chunk, sizeof chunk, MSG_DONTWAIT);
      if (got > 0) received.append(chunk, static_cast<std::size_t>(got));
      return received.find(words) != std::string::npos;
    });
  };
  ASSERT_TRUE(stream_shows("retry: ")) << received;
  ASSERT_EQ(api.post(replies, "application/json", R"({"text":"Volgende week maandag wordt het gras gemaaid."})").status, 201);
  ASSERT_TRUE(stream_shows("Volgende week maandag")) << received << "\n" << service.log();
  EXPECT_NE(received.find("id: " + std::to_string(promised + 1) + "\n"), std::string::npos) << received;
  EXPECT_EQ(received.find(kQuestion), std::string::npos) << "resumed after the last event seen: " << received;

  // The resident has gone; a second answer waits, across a restart of the service.
  ASSERT_EQ(api.post(replies, "application/json", R"({"text":"En de bladeren ruimen we in november op."})").status, 201);
  ASSERT_TRUE(eventually([&] {
    for (const auto& event : events(promised + 1))
      if (event["event"]["text"].get<std::string>().find("bladeren") != std::string::npos) return true;
    return false;
  })) << service.log();
  ASSERT_TRUE(service.stop());
  ASSERT_TRUE(service.start());
  const auto waiting = events(promised + 1);
  ASSERT_EQ(waiting.size(), 1u) << waiting.dump();
  EXPECT_EQ(waiting[0]["event"]["text"], "En de bladeren ruimen we in november op.");
  EXPECT_EQ(waiting[0]["event"]["from"], "bot");
}

// With the e-mail channel on, the resident leaves a mail address in the chat: the officer's answer comes
// in the chat and by mail (to a real SMTP server), and a resume link by mail opens the conversation on
// another device.
TEST_F(WebChatService, AResidentGetsTheAnswerByMailTooAndAResumeLinkByMail) {
  SmtpSink sink;
  ASSERT_TRUE(sink.ready()) << "python3 -m aiosmtpd did not start (apt-get install python3-aiosmtpd)";
  ASSERT_TRUE(service.stop());
  service.set_env("BUURTBOT_EMAIL_ENABLED", "true");
  service.set_env("BUURTBOT_EMAIL_ADDRESS", "gemeente@dorp.example");
  service.set_env("BUURTBOT_EMAIL_WEBHOOK_SECRET", "a-webhook-secret-of-the-e2e-tests");
  service.set_env("BUURTBOT_EMAIL_SMTP_URL", sink.url());
  service.set_env("BUURTBOT_EMAIL_SMTP_TIMEOUT_S", "5");
  service.set_env("BUURTBOT_MUNICIPALITY_PUBLIC_URL", service.url());
  service.set_env("BUURTBOT_EMAIL_UNSUBSCRIBE_SECRET", "unsubscribe-key-of-the-e2e-tests-0123456789");
  ASSERT_TRUE(service.start());
  auto mailed = [&](const std::string& words) {
    std::optional<adapters::email::ParsedMail> found;
    http::testing::eventually([&] {
      for (const auto& raw : sink.mails()) {
        auto parsed = adapters::email::parse_mail(raw);
        if (parsed.mail && parsed.mail->body.find(words) != std::string::npos) found = *parsed.mail;
      }
      return found.has_value();
    });
    return found;
  };
  auto mail_form = [&](const std::string& id, const std::string& address, const std::string& purpose) {
    http::ClientOptions options;
    options.headers = {{"X-Buurtbot-Chat", "1"}, {"Origin", service.url()}, {"Cookie", cookie}};
    return http::Client(service.url(), options)
        .post("/chat/api/mail", "application/json", json{{"id", id}, {"address", address}, {"for", purpose}}.dump());
  };
  ASSERT_NE(http::Client(service.url()).get("/chat/").body.find("answers-mail"), std::string::npos) << "the form is there";

  ASSERT_EQ(post({{"id", "m1"}, {"text", "/vraag"}}).status, 200);
  wait_for_bot("Wat is je vraag?");
  ASSERT_EQ(post({{"id", "m2"}, {"text", kQuestion}}).status, 200);
  wait_for_bot("Een medewerker van de gemeente leest je vraag");
  ASSERT_EQ(mail_form("a1", "joke@buurt.example", "answers").status, 200);
  wait_for_bot("joke@buurt.example");

  auto api = officer();
  const auto threads = json::parse(api.get("/api/v1/threads?channel=web").body);
  ASSERT_EQ(threads.size(), 1u) << threads.dump();
  const auto thread = "/api/v1/threads/" + std::to_string(threads[0]["id"].get<std::int64_t>());
  EXPECT_EQ(json::parse(api.get(thread).body)["answer_email"], "joke@buurt.example");
  ASSERT_EQ(api.post(thread + "/replies", "application/json", R"({"text":"Het gras wordt dinsdag gemaaid."})").status, 201);
  wait_for_bot("dinsdag gemaaid");
  const auto answer = mailed("dinsdag gemaaid");
  ASSERT_TRUE(answer.has_value()) << service.log();
  EXPECT_NE(answer->headers.at("to").find("joke@buurt.example"), std::string::npos);

  ASSERT_EQ(mail_form("r1", "joke@buurt.example", "resume").status, 200);
  const auto link_mail = mailed("/chat/#code=");
  ASSERT_TRUE(link_mail.has_value()) << service.log();
  const auto at = link_mail->body.find("#code=") + 6;
  const auto code = link_mail->body.substr(at, 9);
  http::ClientOptions laptop;
  laptop.headers = {{"X-Buurtbot-Chat", "1"}, {"Origin", service.url()}};
  const auto resumed = http::Client(service.url(), laptop).post("/chat/api/resume", "application/json", json{{"code", code}}.dump());
  EXPECT_EQ(resumed.status, 200) << code << ": " << resumed.body;
}

}  // namespace
}  // namespace buurtbot::testing
