// The Telegram channel end to end: `buurtbot serve` as a child process, updates posted to its webhook
// (or served to its poller) the way Telegram sends them, and a fake Bot API that records what the bot
// sent and misbehaves on demand. Waits are bounded polls (a safety net), never sleeps.
#include "bot/http/client.hpp"
#include "storage/database.hpp"
#include "tests/e2e/fake_bot_api.hpp"
#include "tests/e2e/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace buurtbot::testing {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "e2e-webhook-secret_0123456789";
constexpr const char* kBotUsername = "buurtbot_test_bot";
constexpr std::chrono::seconds kSafetyNet{20};

/// A Telegram user writing to the bot in a private chat (chat id = user id, as Telegram does).
struct Person {
  std::int64_t id;
  std::string first_name;
  std::string language = "nl";

  json user() const {
    return {{"id", id}, {"is_bot", false}, {"first_name", first_name}, {"language_code", language}};
  }
  json private_chat() const { return {{"id", id}, {"first_name", first_name}, {"type", "private"}}; }
  std::string chat() const { return std::to_string(id); }
};

const Person kAnna{123456789, "Anna"};
const Person kBert{223456789, "Bert"};
const Person kJan{987654321, "Jan", "nl"};
constexpr std::int64_t kGroupId = -1001876543210;
const json kGroupChat = {{"id", kGroupId}, {"title", "Werkgroep Groen Centrum"}, {"type", "supergroup"}};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string fixture(const std::string& name) {
  std::ifstream in(source_path("tests/fixtures/telegram/" + name), std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Polls `condition` until it holds or the safety net runs out.
bool eventually(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + kSafetyNet;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

/// The pressable buttons of a sendMessage: label → callback_data, row by row.
std::vector<std::pair<std::string, std::string>> buttons(const ApiCall& call) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!call.body.contains("reply_markup")) return out;
  for (const auto& row : call.body["reply_markup"].value("inline_keyboard", json::array()))
    for (const auto& button : row)
      out.emplace_back(button.value("text", std::string{}), button.value("callback_data", std::string{}));
  return out;
}

/// The callback_data of the button labelled `label`, "" when the message has no such button.
std::string button(const ApiCall& call, const std::string& label) {
  for (const auto& [text, data] : buttons(call))
    if (text == label) return data;
  return {};
}

/// The service with Telegram on, against the fake Bot API; each suite below is one way of running it.
class TelegramService : public ::testing::Test {
 protected:
  TelegramService() {
    service.set_env("BUURTBOT_TELEGRAM_ENABLED", "true");
    service.set_env("BUURTBOT_TELEGRAM_API_URL", api.url());
    service.set_env("BUURTBOT_TELEGRAM_TOKEN", FakeBotApi::kToken);
    service.set_env("BUURTBOT_TELEGRAM_SECRET", kSecret);
    service.set_env("BUURTBOT_TELEGRAM_BOT_USERNAME", kBotUsername);
    // Telegram's pacing (1 message per second per chat) is the rate limiter's business and has its own
    // tests; here it would only make every conversation wait.
    service.set_env("BUURTBOT_TELEGRAM_RATE_CHAT_PER_S", "0");
    service.set_env("BUURTBOT_TELEGRAM_RATE_GLOBAL_PER_S", "0");
    service.set_env("BUURTBOT_TELEGRAM_RATE_GROUP_PER_MIN", "0");
    service.set_env("BUURTBOT_SERVER_MAX_BODY_BYTES", "65536");
    service.set_env("BUURTBOT_TELEGRAM_API_TIMEOUT_S", "2");
  }

  void SetUp() override { ASSERT_TRUE(service.start()); }

  /// Posts `body` to the webhook with `secret` (none when nullopt); the HTTP status, or 0 without answer.
  int post_raw(const std::string& body, const std::optional<std::string>& secret = kSecret) {
    http::ClientOptions options;
    options.read_timeout = std::chrono::seconds(kSafetyNet);
    if (secret) options.headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", *secret);
    try {
      return http::Client(service.url(), options).post("/webhook/telegram", "application/json", body).status;
    } catch (const http::NetworkError& e) {
      ADD_FAILURE() << "webhook post failed: " << e.what();
      return 0;
    }
  }

  int post(const json& update, const std::optional<std::string>& secret = kSecret) {
    return post_raw(update.dump(), secret);
  }

  /// A message update as Telegram sends it: from `from` in `chat` (their private chat by default).
  json message_update(const Person& from, const std::string& text, const json& chat = nullptr) {
    json message = {{"message_id", ++message_id_},
                    {"from", from.user()},
                    {"chat", chat.is_null() ? from.private_chat() : chat},
                    {"date", unix_now()},
                    {"text", text}};
    if (text.starts_with('/')) {
      const auto length = text.find(' ') == std::string::npos ? text.size() : text.find(' ');
      message["entities"] = json::array({{{"offset", 0}, {"length", length}, {"type", "bot_command"}}});
    }
    return {{"update_id", ++update_id_}, {"message", message}};
  }

  /// A button press under the bot's message `pressed_under` as Telegram sends it; its query id is returned in `query_id`.
  json press_update(const Person& from, const ApiCall& pressed_under, const std::string& data, std::string& query_id) {
    query_id = "4382" + std::to_string(++callback_id_);
    json message = {{"message_id", ++message_id_},
                    {"from", {{"id", 7012345678}, {"is_bot", true}, {"first_name", "Buurtbot (test)"}, {"username", kBotUsername}}},
                    {"chat", from.private_chat()},
                    {"date", unix_now()},
                    {"text", pressed_under.text()},
                    {"reply_markup", pressed_under.body.value("reply_markup", json::object())}};
    return {{"update_id", ++update_id_},
            {"callback_query",
             {{"id", query_id}, {"from", from.user()}, {"message", message}, {"chat_instance", "-48291043873"}, {"data", data}}}};
  }

  /// Says `text` as `who` and expects the webhook to take it.
  void say(const Person& who, const std::string& text) { EXPECT_EQ(post(message_update(who, text)), 200) << text; }

  /// Waits for the next message the bot delivered to `chat` (after those already read) that contains
  /// `fragment`; the messages in between are skipped. Fails the test when none comes.
  ApiCall next_reply(const std::string& chat, const std::string& fragment) {
    auto& cursor = read_[chat];
    std::optional<ApiCall> found;
    const bool came = api.wait_for([&](const std::vector<ApiCall>& calls) {
      std::size_t seen = 0;
      for (const auto& call : calls) {
        if (call.method != "sendMessage" || !call.ok() || call.chat() != chat) continue;
        if (seen++ < cursor) continue;
        if (call.text().find(fragment) != std::string::npos) {
          found = call;
          cursor = seen;
          return true;
        }
      }
      return false;
    });
    if (!came) {
      std::string got;
      for (const auto& call : api.delivered_to(chat)) got += "\n---\n" + call.text();
      ADD_FAILURE() << "no message to " << chat << " containing \"" << fragment << "\"; delivered:" << got
                    << "\nservice log:\n" << service.log();
      return {};
    }
    return *found;
  }

  /// A barrier against "nothing happened": `who` sends /start and the test waits for the answer. The
  /// journal is handled in order and the outbox sends replies oldest first, so any reply the bot would
  /// have given to an earlier update has been sent by the time this answer arrives.
  void canary(const Person& who) {
    say(who, "/start");
    next_reply(who.chat(), "Wat wil je doen?");
  }

  /// One number from the database, through a connection of the test's own.
  std::int64_t count(const std::string& sql) {
    auto db = storage::Database::open(service.database());
    auto statement = db.prepare(sql);
    return statement.step() ? statement.int_at(0) : -1;
  }

  std::int64_t inbound_rows() { return count("SELECT COUNT(*) FROM inbound"); }
  std::int64_t inbound_rows_of(const std::string& chat) {
    return count("SELECT COUNT(*) FROM inbound WHERE channel = 'telegram' AND conversation = '" + chat + "'");
  }

  json admin_json(const std::vector<std::string>& args) {
    auto r = service.admin().run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }

  /// Goes through /initiatief as `who` with the buttons, titled `title`, on theme `theme_label`.
  /// Returns the reference from the bot's last answer.
  std::string submit_with_buttons(const Person& who, const std::string& title, const std::string& theme_label,
                                  std::vector<std::string>* pressed_queries = nullptr) {
    const auto chat = who.chat();
    std::string query;
    auto press = [&](const ApiCall& under, const std::string& label) {
      const auto data = button(under, label);
      EXPECT_FALSE(data.empty()) << "no button \"" << label << "\" under: " << under.body.dump();
      EXPECT_EQ(post(press_update(who, under, data, query)), 200);
      if (pressed_queries) pressed_queries->push_back(query);
    };
    say(who, "/initiatief");
    next_reply(chat, "Wat is de naam van je plan?");
    say(who, title);
    next_reply(chat, "Vertel in een paar zinnen");
    say(who, "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.");
    press(next_reply(chat, "Bij welk thema"), theme_label);
    press(next_reply(chat, "In welke wijk"), "Centrum");
    press(next_reply(chat, "Wat heb je nodig van de gemeente?"), "Geen");
    press(next_reply(chat, "Mag iedereen je plan zien"), "Ja");
    press(next_reply(chat, "Dit is je plan:"), "Ja");
    return first_reference(next_reply(chat, "Je plan is ingediend").text());
  }

  FakeBotApi api;
  Service service;  ///< after the fake: it stops first, while the fake still answers

 private:
  std::int64_t update_id_ = 846300000;
  std::int64_t message_id_ = 500;
  int callback_id_ = 0;
  std::map<std::string, std::size_t> read_;  ///< per chat: delivered messages already read by next_reply
};

class TelegramWebhook : public TelegramService {};
class TelegramConversation : public TelegramService {};
class TelegramDelivery : public TelegramService {};

class TelegramSlowChat : public TelegramService {
 protected:
  // Long enough that the answer held back below comes late but is no timeout.
  TelegramSlowChat() { service.set_env("BUURTBOT_TELEGRAM_API_TIMEOUT_S", "30"); }
};

class TelegramPolling : public TelegramService {
 protected:
  TelegramPolling() {
    service.set_env("BUURTBOT_TELEGRAM_MODE", "polling");
    service.set_env("BUURTBOT_TELEGRAM_POLL_TIMEOUT_S", "1");
  }

  /// The update Telegram would hold for the poller.
  json queue(const Person& from, const std::string& text) {
    auto update = message_update(from, text);
    api.queue_update(update);
    return update;
  }
};

/// Polling, with the service started by the test itself once Telegram holds the updates.
class TelegramRestart : public TelegramPolling {
 protected:
  void SetUp() override {}
};

/// A service that refuses webhooks once two updates wait to be journaled or handled.
class TelegramBackpressure : public TelegramService {
 protected:
  TelegramBackpressure() { service.set_env("BUURTBOT_SERVER_MAX_WAITING_UPDATES", "2"); }

  std::future<int> post_later(const json& update) {
    return std::async(std::launch::async, [this, update] { return post(update); });
  }
};

// --- the webhook's door ---

TEST_F(TelegramWebhook, WrongSecretIsRefusedAndStoresNothing) {
  EXPECT_EQ(post(message_update(kAnna, "/start"), std::string("not-the-secret")), 401);
  // Same length as the real one, one byte off: the comparison is not a prefix check.
  std::string almost(kSecret);
  almost.back() = almost.back() == 'x' ? 'y' : 'x';
  EXPECT_EQ(post(message_update(kAnna, "/start"), almost), 401);

  canary(kBert);
  EXPECT_EQ(inbound_rows_of(kAnna.chat()), 0);
  EXPECT_EQ(inbound_rows(), 1);  // the canary's
  EXPECT_THAT(api.delivered_to(kAnna.chat()), ::testing::IsEmpty());
}

TEST_F(TelegramWebhook, MissingSecretIsRefusedAndStoresNothing) {
  EXPECT_EQ(post(message_update(kAnna, "/start"), std::nullopt), 401);
  EXPECT_EQ(post(message_update(kAnna, "/start"), std::string()), 401);

  canary(kBert);
  EXPECT_EQ(inbound_rows_of(kAnna.chat()), 0);
  EXPECT_THAT(api.delivered_to(kAnna.chat()), ::testing::IsEmpty());
}

TEST_F(TelegramWebhook, BrokenJsonIs400AndStoresNothing) {
  const auto good = message_update(kAnna, "/start").dump();
  EXPECT_EQ(post_raw(good.substr(0, good.size() / 2)), 400);                    // cut off
  EXPECT_EQ(post_raw("[1, 2, 3]"), 400);                                         // JSON, not an object
  EXPECT_EQ(post_raw(R"({"message": {"text": "/start"}})"), 400);                // no update_id
  EXPECT_EQ(post_raw(R"({"update_id": "twelve", "message": {}})"), 400);         // wrong type

  canary(kBert);
  EXPECT_EQ(inbound_rows(), 1);  // the canary's
  EXPECT_THAT(api.delivered_to(kAnna.chat()), ::testing::IsEmpty());
}

// A /start update with `field` of the update replaced by a raw JSON number (nlohmann would wrap it).
std::string with_raw_number(const json& update, const std::string& marker_path, const std::string& number) {
  auto body = update;
  body[json::json_pointer(marker_path)] = "NUMBER";
  auto text = body.dump();
  text.replace(text.find("\"NUMBER\""), 8, number);
  return text;
}

TEST_F(TelegramWebhook, IdsOutOfRangeAre400AndNothingIsSent) {
  const Person stranger{4242, "Eve"};
  const auto update = message_update(stranger, "/start");
  EXPECT_EQ(post_raw(with_raw_number(update, "/update_id", "9223372036854775808")), 400);   // 2^63
  EXPECT_EQ(post_raw(with_raw_number(update, "/update_id", "3003.5")), 400);
  EXPECT_EQ(post_raw(with_raw_number(update, "/message/chat/id", "12345678901234567890")), 400);  // 20 digits
  EXPECT_EQ(post_raw(with_raw_number(update, "/message/from/id", "-9223372036854775809")), 400);

  canary(kBert);
  EXPECT_EQ(inbound_rows(), 1);  // the canary's
  for (const auto& call : api.calls("sendMessage"))
    EXPECT_EQ(call.chat(), kBert.chat()) << "nothing goes to a wrapped chat id: " << call.body.dump();
}

// Telegram sends UTF-8 only; bytes that are not are a body that will never parse, not a crash.
TEST_F(TelegramWebhook, InvalidUtf8Is400AndTheServiceGoesOn) {
  auto body = message_update(kAnna, "PLACEHOLDER").dump();
  body.replace(body.find("PLACEHOLDER"), 11, "caf\xc3 \xff\xfe \xed\xa0\x80");
  EXPECT_EQ(post_raw(body), 400);
  EXPECT_EQ(post_raw(R"({"update_id": 7, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"},)"
                     R"( "text": "\ud800"}})"), 400);  // a lone surrogate, escaped

  canary(kBert);
  EXPECT_EQ(inbound_rows_of(kAnna.chat()), 0);
}

TEST_F(TelegramWebhook, OversizedBodyIs413) {
  // A real update whose text alone is over server.max_body_bytes (64 KiB here).
  EXPECT_EQ(post(message_update(kAnna, std::string(70 * 1024, 'x'))), 413);

  canary(kBert);  // the service still takes the next one
  EXPECT_EQ(inbound_rows_of(kAnna.chat()), 0);
  EXPECT_THAT(api.delivered_to(kAnna.chat()), ::testing::IsEmpty());
}

TEST_F(TelegramWebhook, UnhandledUpdateTypeIs200AndIgnored) {
  // Telegram retries anything but 2xx, so what we do not handle is still acknowledged.
  EXPECT_EQ(post_raw(fixture("update_inline_query.json")), 200);
  EXPECT_EQ(post_raw(fixture("update_channel_post.json")), 200);
  EXPECT_EQ(post_raw(fixture("update_group_chatter.json")), 200);

  canary(kBert);
  EXPECT_EQ(inbound_rows(), 1);  // the canary's
  for (const auto& call : api.calls("sendMessage")) EXPECT_EQ(call.chat(), kBert.chat()) << call.body.dump();
}

TEST_F(TelegramWebhook, ARedeliveredUpdateIsAnsweredOnce) {
  // Telegram sends an update again when it missed our 200 (a timeout, a reset connection).
  const auto update = message_update(kAnna, "/start");
  EXPECT_EQ(post(update), 200);
  EXPECT_EQ(post(update), 200);
  EXPECT_EQ(post(update), 200);
  next_reply(kAnna.chat(), "Wat wil je doen?");
  canary(kBert);  // Bert says /start once: what one /start gets

  EXPECT_EQ(inbound_rows_of(kAnna.chat()), 1);
  const auto anna = api.delivered_to(kAnna.chat());
  const auto bert = api.delivered_to(kBert.chat());
  ASSERT_FALSE(bert.empty());
  EXPECT_EQ(anna.size(), bert.size());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE address = '" + kAnna.chat() + "'"),
            count("SELECT COUNT(*) FROM outbox WHERE address = '" + kBert.chat() + "'"));
}

TEST_F(TelegramBackpressure, AFullQueueIs503WithRetryAfterAndStoresNothingUntilItDrains) {
  // A transaction of the test's own holds the database, so the service cannot journal: the first
  // update waits in the writer's commit, the next two in its queue, and the fourth finds it full.
  auto blocker = storage::Database::open(service.database());
  blocker.exec("BEGIN IMMEDIATE");
  auto first = post_later(message_update(kAnna, "/start"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto second = post_later(message_update(kBert, "/start"));
  auto third = post_later(message_update(kAnna, "/menu"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  const auto fourth = message_update(kBert, "/menu");
  http::ClientOptions options;
  options.headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", kSecret);
  const auto refused = http::Client(service.url(), options).post("/webhook/telegram", "application/json", fourth.dump());
  EXPECT_EQ(refused.status, 503) << refused.body;
  std::string retry_after;
  for (const auto& [name, value] : refused.headers)
    if (name == "retry-after") retry_after = value;
  EXPECT_EQ(retry_after, "1");

  blocker.exec("COMMIT");
  EXPECT_EQ(first.get(), 200);
  EXPECT_EQ(second.get(), 200);
  EXPECT_EQ(third.get(), 200);
  EXPECT_EQ(inbound_rows(), 3) << "the refused update was not stored";
  EXPECT_EQ(post(fourth), 200) << "delivered again, as Telegram does, it is taken";
  next_reply(kBert.chat(), "Wat wil je doen?");
  EXPECT_EQ(inbound_rows(), 4);
}

TEST_F(TelegramWebhook, ACommandForAnotherBotIsIgnored) {
  // In a group, "/poll@agendabot" is for another bot: acknowledged, not stored, not answered.
  EXPECT_EQ(post_raw(fixture("update_group_command_other_bot.json")), 200);
  // Our own bot named in the same group gets the group's answer: personal things go in a private chat.
  EXPECT_EQ(post(message_update(kJan, std::string("/start@") + kBotUsername, kGroupChat)), 200);
  const auto answer = next_reply(std::to_string(kGroupId), "privégesprek");

  EXPECT_EQ(api.delivered_to(std::to_string(kGroupId)).size(), 1u);
  EXPECT_EQ(inbound_rows(), 1);
  EXPECT_TRUE(answer.body["chat_id"].is_number_integer());
}

// --- conversations ---

TEST_F(TelegramConversation, StartShowsTheMenuAsButtons) {
  say(kAnna, "/start");
  next_reply(kAnna.chat(), "Hallo! Ik ben de buurtbot");
  const auto menu = next_reply(kAnna.chat(), "Wat wil je doen?");
  EXPECT_EQ(button(menu, "Een plan indienen"), "initiative");
  for (const auto& [label, data] : buttons(menu)) {
    EXPECT_FALSE(label.empty());
    EXPECT_LE(data.size(), 64u) << label;
  }
  // Pressing the menu button starts the flow, as typing /initiatief does.
  std::string query;
  EXPECT_EQ(post(press_update(kAnna, menu, "initiative", query)), 200);
  next_reply(kAnna.chat(), "Wat is de naam van je plan?");
  EXPECT_TRUE(api.wait_for([&](const std::vector<ApiCall>& calls) {
    return std::any_of(calls.begin(), calls.end(), [&](const ApiCall& c) {
      return c.method == "answerCallbackQuery" && c.body.value("callback_query_id", "") == query;
    });
  }));
}

TEST_F(TelegramConversation, AResidentSubmitsAnInitiativeWithButtons) {
  std::vector<std::string> pressed;
  const auto ref = submit_with_buttons(kAnna, "Bankje bij de speeltuin", "Groen", &pressed);
  EXPECT_THAT(ref, ::testing::MatchesRegex(R"(BI-[0-9]{4}-0001)"));

  // Every prompt with choices came with an inline keyboard, and the summary carried the answers.
  std::size_t keyboards = 0;
  for (const auto& call : api.delivered_to(kAnna.chat())) keyboards += buttons(call).empty() ? 0 : 1;
  EXPECT_GE(keyboards, 4u);
  const auto summary = api.delivered_to(kAnna.chat());
  auto it = std::find_if(summary.begin(), summary.end(), [](const ApiCall& c) { return c.text().find("Dit is je plan:") != std::string::npos; });
  ASSERT_NE(it, summary.end());
  EXPECT_THAT(it->text(), AllOf(HasSubstr("Bankje bij de speeltuin"), HasSubstr("Thema: Groen"), HasSubstr("Wijk: Centrum")));
  EXPECT_EQ(it->body.value("parse_mode", ""), "HTML");

  // Each press was acknowledged, once, so no button keeps spinning.
  ASSERT_EQ(pressed.size(), 5u);
  std::multiset<std::string> answered;
  for (const auto& call : api.calls("answerCallbackQuery")) {
    EXPECT_TRUE(call.ok());
    answered.insert(call.body.value("callback_query_id", ""));
  }
  for (const auto& query : pressed) EXPECT_EQ(answered.count(query), 1u) << query;

  auto list = admin_json({"initiative", "list", "--json"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["ref"], ref);
  EXPECT_EQ(list[0]["title"], "Bankje bij de speeltuin");
  EXPECT_EQ(list[0]["theme"], "groen");
  EXPECT_EQ(list[0]["neighbourhood"], "centrum");
  EXPECT_EQ(list[0]["followers"], 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL"), 0);
}

TEST_F(TelegramConversation, AWorkgroupGroupIsLinkedAndNotified) {
  auto link = service.admin().run({"workgroup", "link", "Groen Centrum"});
  ASSERT_EQ(link.exit_code, 0) << link.err;
  const auto code = link.out.substr(0, link.out.find('\n'));
  ASSERT_FALSE(code.empty());

  const auto group = std::to_string(kGroupId);
  EXPECT_EQ(post(message_update(kJan, std::string("/koppel@") + kBotUsername + " " + code, kGroupChat)), 200);
  next_reply(group, "gekoppeld aan de werkgroep Groen Centrum");

  const auto ref = submit_with_buttons(kAnna, "Bloembakken in de Dorpsstraat", "Groen");
  ASSERT_FALSE(ref.empty());
  const auto news = next_reply(group, "Nieuw plan over Groen");
  EXPECT_THAT(news.text(), HasSubstr(ref));
  EXPECT_EQ(news.body["chat_id"], kGroupId);  // the negative id, as a number

  // A plan on another theme is not this group's business.
  say(kBert, "/initiatief");
  next_reply(kBert.chat(), "Wat is de naam van je plan?");
  for (const auto& text : {"Drempel in de Schoolstraat", "Er wordt te hard gereden bij de school, een drempel helpt.",
                           "Verkeer", "Centrum", "Geen", "ja", "ja"})
    say(kBert, text);
  const auto other = first_reference(next_reply(kBert.chat(), "Je plan is ingediend").text());
  ASSERT_FALSE(other.empty());
  // The next plan on groen is the barrier: a group's messages go out in order, so a notification about
  // Bert's plan would have come before this one.
  const auto next = submit_with_buttons(kAnna, "Geveltuinen in de Kerkstraat", "Groen");
  next_reply(group, next);
  for (const auto& call : api.delivered_to(group)) EXPECT_THAT(call.text(), Not(HasSubstr(other))) << call.text();
  EXPECT_EQ(api.delivered_to(group).size(), 3u);  // linked, and the two plans on groen
}

TEST_F(TelegramConversation, HtmlInResidentTextIsEscaped) {
  const std::string title = "Bankje <b>groot</b> & \"mooi\"";
  say(kAnna, "/initiatief");
  next_reply(kAnna.chat(), "Wat is de naam van je plan?");
  say(kAnna, title);
  next_reply(kAnna.chat(), "Vertel in een paar zinnen");
  for (const auto& text : {"Een bankje <i>bij</i> de speeltuin, zodat ouders kunnen zitten.", "Groen", "Centrum", "Geen", "ja"})
    say(kAnna, text);
  // The fake refuses unescaped HTML as Telegram does (400 can't parse entities), so arriving is part of the check.
  const auto summary = next_reply(kAnna.chat(), "Dit is je plan:");
  EXPECT_THAT(summary.text(), HasSubstr("Bankje &lt;b&gt;groot&lt;/b&gt; &amp; &quot;mooi&quot;"));
  EXPECT_THAT(summary.text(), HasSubstr("Een bankje &lt;i&gt;bij&lt;/i&gt; de speeltuin"));
  EXPECT_THAT(summary.text(), Not(HasSubstr("<b>")));

  say(kAnna, "ja");
  next_reply(kAnna.chat(), "Je plan is ingediend");
  auto list = admin_json({"initiative", "list", "--json"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["title"], title);  // stored as typed; escaping is the channel's business
  for (const auto& call : api.calls("sendMessage")) EXPECT_EQ(call.status, 200) << call.body.dump();
}

// An officer's answer from the inbox, hours later, replies to the resident's question (Telegram quotes
// it), so it is clear what it answers; the bot's own replies a second after a message quote nothing.
TEST_F(TelegramConversation, AnOfficersAnswerRepliesToTheResidentsQuestion) {
  say(kAnna, "/vraag");
  const auto prompt = next_reply(kAnna.chat(), "Wat is je vraag?");
  const auto question = message_update(kAnna, "Mag ik een bankje in het park zetten?");
  ASSERT_EQ(post(question), 200);
  const auto received = next_reply(kAnna.chat(), "Een medewerker van de gemeente leest je vraag");
  EXPECT_FALSE(prompt.body.contains("reply_parameters")) << prompt.body.dump();
  EXPECT_FALSE(received.body.contains("reply_parameters")) << received.body.dump();

  service.answer_question("bankje", "Ja, dat mag. Zet het bankje op het gras.");
  const auto answer = next_reply(kAnna.chat(), "Ja, dat mag.");
  EXPECT_EQ(answer.body["reply_parameters"]["message_id"], question["message"]["message_id"]) << answer.body.dump();
  EXPECT_EQ(answer.body["reply_parameters"]["allow_sending_without_reply"], true);
}

// A plan's public page links to the bot with the command as the start parameter; following the link
// (Telegram then sends "/start steun_BI-…") supports that plan at once.
TEST_F(TelegramConversation, APlanPageLinksToTheBotAndTheLinkSupportsThePlan) {
  const auto ref = submit_with_buttons(kAnna, "Bankje bij de speeltuin", "Groen");
  const auto page = http::Client(service.url()).request("GET", "/plannen/" + ref, "", "");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto link = "https://t.me/" + std::string(kBotUsername) + "?start=steun_" + ref;
  EXPECT_THAT(page.body, HasSubstr(" href=\"" + link + "\">Steun dit plan via Telegram</a>"));

  say(kBert, "/start " + link.substr(link.find("=") + 1));
  const auto supported = next_reply(kBert.chat(), "Je steunt nu het plan");
  EXPECT_THAT(supported.text(), HasSubstr(ref));
}

// --- delivery through the Bot API ---

TEST_F(TelegramDelivery, TooManyRequestsIsRetriedAfterRetryAfter) {
  api.add_fault({.kind = Fault::Kind::too_many_requests, .method = "sendMessage", .chat = kAnna.chat(), .times = 1,
                 .retry_after_s = 2});
  say(kAnna, "/start");
  next_reply(kAnna.chat(), "Wat wil je doen?");

  const auto calls = api.calls("sendMessage");
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls[0].status, 429);
  EXPECT_EQ(calls[1].status, 200);
  EXPECT_EQ(calls[1].text(), calls[0].text());  // the same message again, not the next one
  // A first failure's own backoff is at most 1 s, so only Telegram's retry_after (2 s) explains a wait
  // of 1.5 s or more. The exact bound is TooManyRequestsCountsRetryAfterFromTheAnswer below.
  const auto waited = calls[1].received - calls[0].received;
  EXPECT_GE(waited, std::chrono::milliseconds(1500))
      << "retried after " << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count()
      << " ms, while Telegram said retry_after 2 s";
  EXPECT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == 0; }));
  EXPECT_EQ(count("SELECT MAX(attempts) FROM outbox"), 1);
}

// Telegram counts retry_after from its answer. The worker counts it from the start of its pass (before
// the row was even fetched and sent: bot/pipeline/outbox/worker.cpp, Worker::failed uses pass.now), so the
// retry comes as much too early as the send took. A slow 429 makes that visible every time; with a
// fast one it is off by under a millisecond, one run in ten. Enable when the worker is fixed.
TEST_F(TelegramDelivery, TooManyRequestsCountsRetryAfterFromTheAnswer) {
  api.add_fault({.kind = Fault::Kind::too_many_requests, .method = "sendMessage", .chat = kAnna.chat(), .times = 1,
                 .retry_after_s = 1, .delay = std::chrono::milliseconds(300)});
  say(kAnna, "/start");
  next_reply(kAnna.chat(), "Wat wil je doen?");

  const auto calls = api.calls("sendMessage");
  ASSERT_GE(calls.size(), 2u);
  ASSERT_EQ(calls[0].status, 429);
  EXPECT_EQ(calls[1].text(), calls[0].text());
  const auto waited = calls[1].received - calls[0].answered;
  EXPECT_GE(waited, std::chrono::seconds(1))
      << "retried " << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count()
      << " ms after the 429 answer with retry_after 1 s";
}

TEST_F(TelegramDelivery, ASendThatTimesOutIsRetried) {
  // The outbox's Bot API client waits telegram.api_timeout_s (2 s here) for an answer; this one comes later.
  api.add_fault({.kind = Fault::Kind::slow, .method = "sendMessage", .chat = kAnna.chat(), .times = 1,
                 .delay = std::chrono::seconds(5)});
  say(kAnna, "/start");
  ASSERT_TRUE(api.wait_for(
      [&](const std::vector<ApiCall>& calls) {
        return std::count_if(calls.begin(), calls.end(), [&](const ApiCall& c) {
                 return c.method == "sendMessage" && c.chat() == kAnna.chat() && c.ok();
               }) >= 1;
      },
      std::chrono::seconds(60)))
      << service.log();

  const auto calls = api.calls("sendMessage");
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls[0].status, 0) << "the slow answer is still outstanding";
  EXPECT_TRUE(calls[1].ok());
  EXPECT_EQ(calls[1].text(), calls[0].text());
  // The rest of the conversation follows, and the row that timed out counts one failed attempt.
  next_reply(kAnna.chat(), "Wat wil je doen?");
  EXPECT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == 0; }));
  EXPECT_EQ(count("SELECT MAX(attempts) FROM outbox"), 1);
}

TEST_F(TelegramSlowChat, ASlowAnswerForOneChatHoldsUpNoOther) {
  api.add_fault({.kind = Fault::Kind::slow, .method = "sendMessage", .chat = kBert.chat(), .times = 1,
                 .delay = std::chrono::seconds(3)});
  say(kBert, "/start");
  ASSERT_TRUE(api.wait_for([&](const std::vector<ApiCall>& calls) {
    return std::any_of(calls.begin(), calls.end(), [&](const ApiCall& c) { return c.chat() == kBert.chat(); });
  })) << service.log();
  say(kAnna, "/start");
  const auto anna = next_reply(kAnna.chat(), "Wat wil je doen?");
  const auto bert = next_reply(kBert.chat(), "Wat wil je doen?");
  EXPECT_LT(anna.received, bert.answered) << "Anna's answer waited until Bert's was back";
}

TEST_F(TelegramDelivery, ServerErrorIsRetried) {
  api.add_fault({.kind = Fault::Kind::server_error, .method = "sendMessage", .chat = kAnna.chat(), .times = 2});
  say(kAnna, "/start");
  next_reply(kAnna.chat(), "Wat wil je doen?");

  const auto calls = api.calls("sendMessage");
  ASSERT_GE(calls.size(), 3u);
  EXPECT_EQ(calls[0].status, 500);
  EXPECT_EQ(calls[1].status, 500);
  EXPECT_EQ(calls[2].status, 200);
  EXPECT_EQ(calls[2].text(), calls[0].text());
  // Delivered, so nothing is left for `outbox list --failed`.
  EXPECT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == 0; }));
  EXPECT_TRUE(admin_json({"outbox", "list", "--failed"}).empty());
}

TEST_F(TelegramDelivery, BlockedResidentIsMarkedUnreachable) {
  api.add_fault({.kind = Fault::Kind::blocked, .method = "sendMessage", .chat = kAnna.chat(), .times = -1});
  say(kAnna, "/start");

  json dead;
  ASSERT_TRUE(eventually([&] {
    dead = json::array();
    for (auto& row : admin_json({"outbox", "list", "--failed"}))
      if (row["address"] == kAnna.chat()) dead.push_back(row);
    return !dead.empty() &&
           count("SELECT COUNT(*) FROM outbox WHERE address = '" + kAnna.chat() + "' AND status = 'pending'") == 0;
  })) << admin_json({"outbox", "list"}).dump(2) << "\n" << service.log();
  for (const auto& row : dead) {
    EXPECT_EQ(row["channel"], "telegram");
    EXPECT_EQ(row["status"], "dead");
    EXPECT_THAT(row["last_error"].get<std::string>(), HasSubstr("bot was blocked by the user"));
  }
  // One refusal is enough: the bot did not keep knocking.
  EXPECT_EQ(api.calls("sendMessage").size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM identities WHERE channel = 'telegram' AND unreachable_at IS NOT NULL"), 1);
}

// --- long polling ---

TEST_F(TelegramPolling, PollingJournalsUpdatesAndAdvancesTheOffset) {
  queue(kAnna, "/start");
  const auto last = queue(kBert, "/initiatief");
  const auto last_id = last["update_id"].get<std::int64_t>();

  next_reply(kAnna.chat(), "Wat wil je doen?");
  next_reply(kBert.chat(), "Wat is de naam van je plan?");
  // The next getUpdates confirms both to Telegram, and only now that they are journaled.
  ASSERT_TRUE(api.wait_for([&](const std::vector<ApiCall>& calls) {
    return std::any_of(calls.begin(), calls.end(), [&](const ApiCall& c) {
      return c.method == "getUpdates" && c.body.value("offset", std::int64_t{0}) == last_id + 1;
    });
  })) << service.log();
  EXPECT_EQ(inbound_rows(), 2);

  const auto offsets = api.offsets();
  EXPECT_TRUE(std::is_sorted(offsets.begin(), offsets.end()));
  EXPECT_EQ(offsets.front(), 0);
  // Telegram forgets confirmed updates; the poller asked for nothing twice past that.
  EXPECT_THAT(offsets, Not(Contains(last_id + 2)));

  // A later update is fetched with the new offset and answered too.
  queue(kAnna, "/menu");
  next_reply(kAnna.chat(), "Wat wil je doen?");
  EXPECT_EQ(inbound_rows(), 3);
  // Long polls with the configured timeout; the one in flight now has no answer yet.
  for (const auto& poll : api.calls("getUpdates")) {
    EXPECT_EQ(poll.body.value("timeout", -1), 1);
    EXPECT_TRUE(poll.ok() || poll.status == 0) << poll.status;
  }
}

TEST_F(TelegramRestart, ResumesWhereItStopped) {
  // Phase 1: Telegram holds the updates of many residents; the service fetches them (100 per
  // getUpdates) and journals them, but no answer gets through (the Bot API fails every sendMessage),
  // so every answer delivered below comes from the restarted service.
  api.add_fault({.kind = Fault::Kind::server_error, .method = "sendMessage", .chat = std::nullopt, .times = -1});
  constexpr int kResidents = 240;
  std::vector<Person> residents;
  for (int i = 0; i < kResidents; ++i) residents.push_back(Person{300000000 + i, "Bewoner" + std::to_string(i)});
  for (const auto& r : residents) queue(r, "/start");
  ASSERT_TRUE(service.start());

  // SIGKILL as soon as the first rows are processed: the rest is journaled but unprocessed, or still at Telegram.
  const auto processed = [&] { return count("SELECT COUNT(*) FROM inbound WHERE processed_at IS NOT NULL"); };
  const auto give_up = std::chrono::steady_clock::now() + kSafetyNet;
  while (processed() == 0 && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  service.kill();
  const auto journaled_at_kill = inbound_rows();
  const auto processed_at_kill = processed();
  RecordProperty("journaled_at_kill", static_cast<int>(journaled_at_kill));
  RecordProperty("processed_at_kill", static_cast<int>(processed_at_kill));
  ASSERT_GT(processed_at_kill, 0) << service.log();
  ASSERT_LT(processed_at_kill, kResidents) << "the kill came after everything was done: this run proves nothing";

  // Phase 2: the Bot API works again; the restarted service picks up the journal and the poller starts
  // from Telegram's unconfirmed updates, some of which it journaled already.
  api.clear_faults();
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(eventually([&] {
    return count("SELECT COUNT(*) FROM inbound WHERE processed_at IS NOT NULL") == kResidents &&
           count("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == 0;
  })) << "processed " << count("SELECT COUNT(*) FROM inbound WHERE processed_at IS NOT NULL") << ", outbox not sent "
      << count("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") << "\n" << service.log();

  // Every update journaled once and processed once: each resident got exactly one /start's answer.
  EXPECT_EQ(inbound_rows(), kResidents);
  const auto per_start = api.delivered_to(residents.front().chat()).size();
  EXPECT_GE(per_start, 1u);
  for (const auto& r : residents) {
    const auto delivered = api.delivered_to(r.chat());
    ASSERT_EQ(delivered.size(), per_start) << r.chat();
    EXPECT_THAT(delivered.back().text(), HasSubstr("Wat wil je doen?"));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), static_cast<std::int64_t>(per_start) * kResidents);
  ASSERT_TRUE(service.stop());
}

}  // namespace
}  // namespace buurtbot::testing
