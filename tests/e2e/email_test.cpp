// The e-mail channel end to end: `buurtbot serve` as a child process, mail posted to its webhook the way
// a mail server's pipe does, and a real SMTP server (aiosmtpd) recording what the bot sends. Waits are
// bounded polls (a safety net), never sleeps.
#include "adapters/email/parse.hpp"
#include "adapters/email/unsubscribe.hpp"
#include "bot/http/client.hpp"
#include "storage/database.hpp"
#include "tests/bot/http/running_server.hpp"
#include "tests/e2e/news_mail.hpp"
#include "tests/e2e/service.hpp"
#include "tests/e2e/smtp_sink.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>

namespace buurtbot::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "secret-of-the-e2e-mail-server-0123";
constexpr const char* kOurs = "participatie@gemeente.example";
constexpr const char* kPublicUrl = "https://bot.gemeente.example";

std::string mail_from(const std::string& from, const std::string& message_id, const std::string& subject, const std::string& body) {
  return "From: " + from + "\r\nTo: " + kOurs + "\r\nSubject: " + subject + "\r\nMessage-ID: " + message_id +
         "\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

std::string fixture(const std::string& name) {
  std::ifstream in(source_path("tests/fixtures/email/" + name), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class EmailService : public ::testing::Test {
 protected:
  EmailService() {
    service.set_env("BUURTBOT_EMAIL_ENABLED", "true");
    service.set_env("BUURTBOT_EMAIL_ADDRESS", kOurs);
    service.set_env("BUURTBOT_EMAIL_WEBHOOK_SECRET", kSecret);
    service.set_env("BUURTBOT_EMAIL_SMTP_URL", sink.url());
    service.set_env("BUURTBOT_EMAIL_SMTP_TIMEOUT_S", "5");
    service.set_env("BUURTBOT_EMAIL_SENDERS", "1");
    service.set_env("BUURTBOT_EMAIL_AUTO_REPLY_LIMIT_PER_HOUR", "0");
    service.set_env("BUURTBOT_MUNICIPALITY_PUBLIC_URL", kPublicUrl);
    service.set_env("BUURTBOT_EMAIL_UNSUBSCRIBE_SECRET", "unsubscribe-key-of-the-e2e-tests-0123456789");
  }

  void SetUp() override {
    ASSERT_TRUE(sink.ready()) << "python3 -m aiosmtpd did not start (apt-get install python3-aiosmtpd)";
    ASSERT_TRUE(service.start());
  }

  int post(const std::string& raw, const std::string& secret = kSecret) {
    http::ClientOptions options;
    options.read_timeout = std::chrono::seconds(20);
    options.headers.emplace_back("X-Buurtbot-Secret", secret);
    try {
      return http::Client(service.url(), options).request("POST", "/webhook/email", "message/rfc822", raw).status;
    } catch (const http::NetworkError& e) {
      ADD_FAILURE() << "mail not answered: " << e.what();
      return 0;
    }
  }

  /// The mails the sink received for `address`, read back.
  std::vector<adapters::email::ParsedMail> mails_to(const std::string& address) {
    std::vector<adapters::email::ParsedMail> out;
    for (const auto& raw : sink.mails()) {
      auto parsed = adapters::email::parse_mail(raw);
      if (parsed.mail && parsed.mail->headers["to"].find(address) != std::string::npos) out.push_back(*parsed.mail);
    }
    return out;
  }

  /// Waits until the mail to `address` answering `message_id` has arrived; it, or a failure.
  adapters::email::ParsedMail reply_to(const std::string& address, const std::string& message_id) {
    std::optional<adapters::email::ParsedMail> found;
    const bool came = http::testing::eventually([&] {
      for (const auto& mail : mails_to(address))
        if (mail.in_reply_to == message_id) found = mail;
      return found.has_value();
    });
    if (!came) ADD_FAILURE() << "no reply to " << message_id << " for " << address << "\nservice log:\n" << service.log();
    return found.value_or(adapters::email::ParsedMail{});
  }

  /// A barrier against "nothing happened yet": Bert's new mail is answered. Mail is journaled and handled
  /// in order and one sender sends oldest first, so whatever the bot would have sent before has been sent.
  void barrier(const std::string& message_id) {
    ASSERT_EQ(post(mail_from("bert@buurt.example", message_id, "Vraag", "Waar kan ik grof vuil kwijt?")), 200);
    reply_to("bert@buurt.example", message_id);
  }

  /// The officers' API with a fresh officer's token.
  http::Client officer_api() {
    http::ClientOptions options;
    options.headers.emplace_back("Authorization", "Bearer " + service.admin().officer_token("els"));
    return http::Client(service.url(), options);
  }

  /// A plan submitted in the terminal chat by Carla, for mail residents to follow; its reference.
  std::string plan_by_carla() {
    const auto chat = service.admin().chat("Carla", {"/initiatief", "Bankje bij de speeltuin",
                                                     "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.",
                                                     "1", "1", "Geen", "ja", "ja"});
    EXPECT_EQ(chat.exit_code, 0) << chat.err;
    const auto ref = first_reference(chat.out);
    EXPECT_FALSE(ref.empty()) << chat.out;
    return ref;
  }

  /// Rows in the database's outbox to `address` whose payload contains `part`.
  std::int64_t outbox_rows(const std::string& address, const std::string& part) {
    auto db = storage::Database::open(service.database());
    auto rows = db.prepare("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND address = ?1 AND instr(payload, ?2) > 0");
    rows.bind(1, address).bind(2, part);
    rows.step();
    return rows.int_at(0);
  }

  std::int64_t follows_of(const std::string& address) {
    auto db = storage::Database::open(service.database());
    auto rows = db.prepare("SELECT COUNT(*) FROM follows f JOIN identities i ON i.resident_id = f.resident_id "
                           "WHERE i.channel = 'email' AND i.address = ?1");
    rows.bind(1, address);
    rows.step();
    return rows.int_at(0);
  }

  SmtpSink sink;
  Service service;
};

TEST_F(EmailService, AFirstMailOpensAQuestionAndTheAnswerIsAThreadedReply) {
  ASSERT_EQ(post(mail_from("Anna de Boer <anna@buurt.example>", "<q1@buurt.example>", "Gras in het park",
                           "Wanneer wordt het gras in het park gemaaid?")), 200);
  const auto reply = reply_to("anna@buurt.example", "<q1@buurt.example>");
  EXPECT_THAT(reply.body, HasSubstr("Een medewerker van de gemeente leest je vraag"));
  EXPECT_THAT(reply.subject, ::testing::MatchesRegex(R"(Re: \[vraag [0-9]+\] Gras in het park)"))
      << "the question's reference, for a reply that loses its headers";
  EXPECT_EQ(reply.from_address, kOurs);
  EXPECT_EQ(reply.headers.at("auto-submitted"), "auto-replied");
  EXPECT_THAT(reply.message_id, HasSubstr("@gemeente.example>"));
}

TEST_F(EmailService, AnOutOfOfficeGetsNothingBack) {
  ASSERT_EQ(post(fixture("exchange_out_of_office.eml")), 200);
  barrier("<later@buurt.example>");
  EXPECT_TRUE(mails_to("m.jansen@bedrijf.example").empty());
}

TEST_F(EmailService, TheSameMailPostedTwiceIsHandledOnce) {
  const auto raw = mail_from("carla@buurt.example", "<twice@buurt.example>", "Bankje", "Komt er een bankje bij de vijver?");
  ASSERT_EQ(post(raw), 200);
  reply_to("carla@buurt.example", "<twice@buurt.example>");
  barrier("<barrier1@buurt.example>");
  const auto answered_once = mails_to("carla@buurt.example").size();
  ASSERT_EQ(post(raw), 200) << "a delivery again is acknowledged";
  barrier("<barrier2@buurt.example>");
  EXPECT_EQ(mails_to("carla@buurt.example").size(), answered_once);
}

// An officer answers the question from the inbox (the API, as the page and scripts do): the answer is a
// reply in the resident's own mail thread, not a new conversation.
TEST_F(EmailService, AnOfficersAnswerIsAReplyInTheResidentsOwnMailThread) {
  ASSERT_EQ(post(mail_from("Anna de Boer <anna@buurt.example>", "<q1@buurt.example>", "Gras in het park",
                           "Wanneer wordt het gras in het park gemaaid?")), 200);
  reply_to("anna@buurt.example", "<q1@buurt.example>");
  barrier("<barrier-officer@buurt.example>");

  auto api = officer_api();
  const auto threads = nlohmann::json::parse(api.request("GET", "/api/v1/threads?channel=email&q=gras", "", "").body);
  ASSERT_EQ(threads.size(), 1u) << threads.dump();
  const auto id = threads[0]["id"].get<std::int64_t>();
  const auto answered = api.request("POST", "/api/v1/threads/" + std::to_string(id) + "/replies", "application/json",
                                    R"({"text":"Volgende week dinsdag wordt het gras gemaaid."})");
  ASSERT_EQ(answered.status, 201) << answered.body;

  std::optional<adapters::email::ParsedMail> answer;
  ASSERT_TRUE(http::testing::eventually([&] {
    for (const auto& mail : mails_to("anna@buurt.example"))
      if (mail.body.find("Volgende week dinsdag") != std::string::npos) answer = mail;
    return answer.has_value();
  })) << service.log();
  EXPECT_EQ(answer->in_reply_to, "<q1@buurt.example>");
  EXPECT_EQ(answer->references.back(), "<q1@buurt.example>");
  EXPECT_EQ(answer->subject, "Re: [vraag " + std::to_string(id) + "] Gras in het park");
}

TEST_F(EmailService, AFirstMailSayingOnlyHelloGetsTheWelcomeAndOpensNoQuestion) {
  ASSERT_EQ(post(mail_from("erik@buurt.example", "<hoi@buurt.example>", "Hoi", "Hoi!")), 200);
  // The welcome may come with the menu as a second reply in the thread.
  EXPECT_TRUE(http::testing::eventually([&] {
    for (const auto& mail : mails_to("erik@buurt.example"))
      if (mail.in_reply_to == "<hoi@buurt.example>" && mail.body.find("Ik ben de buurtbot van de gemeente") != std::string::npos)
        return true;
    return false;
  })) << service.log();
  barrier("<barrier-hoi@buurt.example>");
  for (const auto& mail : mails_to("erik@buurt.example"))
    EXPECT_THAT(mail.body, Not(HasSubstr("Een medewerker van de gemeente leest je vraag")));
  auto db = storage::Database::open(service.database());
  auto threads = db.prepare("SELECT COUNT(*) FROM inbox_threads WHERE address = 'erik@buurt.example'");
  threads.step();
  EXPECT_EQ(threads.int_at(0), 0) << "a greeting is no question for the officers";
}

// The words a mail starts a flow with are the loaded flows' own commands and titles.
TEST_F(EmailService, ASubjectThatNamesAFlowStartsIt) {
  ASSERT_EQ(post(mail_from("fleur@buurt.example", "<hulp@buurt.example>", "Hulp", "")), 200);
  // The help, then the menu: two replies in the thread.
  EXPECT_TRUE(http::testing::eventually([&] {
    for (const auto& mail : mails_to("fleur@buurt.example"))
      if (mail.in_reply_to == "<hulp@buurt.example>" && mail.body.find("Dit kun je typen") != std::string::npos) return true;
    return false;
  })) << service.log();
}

// A follower by mail gets news with a one-click unsubscribe link (RFC 8058). Opening the link only asks;
// POSTing List-Unsubscribe=One-Click to it, as a mail program does, stops the news: the next status
// change sends nothing to that address.
TEST_F(EmailService, OneClickUnsubscribeStopsTheUpdates) {
  const auto ref = plan_by_carla();
  auto api = officer_api();
  ASSERT_EQ(post(mail_from("anna@buurt.example", "<volg@buurt.example>", "volg " + ref, "")), 200);
  reply_to("anna@buurt.example", "<volg@buurt.example>");
  ASSERT_EQ(follows_of("anna@buurt.example"), 1);

  ASSERT_EQ(api.request("PATCH", "/api/v1/initiatives/" + ref, "application/json", R"({"status":"in_review"})").status, 200);
  const auto news = wait_for_news([&] { return mails_to("anna@buurt.example"); });
  ASSERT_TRUE(news) << service.log();
  EXPECT_EQ(news->headers.at("list-unsubscribe-post"), "List-Unsubscribe=One-Click");
  EXPECT_EQ(news->headers.at("auto-submitted"), "auto-generated");
  const auto path = unsubscribe_path(*news, kPublicUrl);
  ASSERT_TRUE(path.starts_with("/mail/unsubscribe?t=")) << news->headers.at("list-unsubscribe");

  const auto page = http::Client(service.url()).request("GET", path, "", "");  // a link scanner, or a person
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("<form method=\"post\""));
  EXPECT_EQ(follows_of("anna@buurt.example"), 1) << "opening the link only asks";
  EXPECT_EQ(one_click(service.url(), path.substr(0, path.size() - 3) + "xyz").status, 400)
      << "a token changed by hand stops nothing";

  const auto stop = one_click(service.url(), path);
  EXPECT_EQ(stop.status, 200) << stop.body;
  ASSERT_TRUE(http::testing::eventually([&] { return follows_of("anna@buurt.example") == 0; })) << service.log();

  const auto news_rows = outbox_rows("anna@buurt.example", "\"list\":\"follow:" + ref);
  ASSERT_EQ(api.request("PATCH", "/api/v1/initiatives/" + ref, "application/json",
                        R"({"status":"accepted","answer":"Het bankje komt er."})").status, 200);
  EXPECT_EQ(outbox_rows("anna@buurt.example", "\"list\":\"follow:" + ref), news_rows)
      << "the change is committed with its news: none for Anna";
  barrier("<barrier-unsubscribe@buurt.example>");
  for (const auto& mail : mails_to("anna@buurt.example")) EXPECT_THAT(mail.body, Not(HasSubstr("Het bankje komt er")));
}

// A question with a photo (base64 in lines of 76, as mail programs write it), padded after its last part
// (where MIME readers ignore it) to exactly `size` bytes.
std::string mail_with_photo(const std::string& message_id, std::size_t size) {
  constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string photo;
  for (std::size_t i = 0; photo.size() < size * 3 / 4; ++i) {
    photo += kBase64[(i * 7919 + i / 64) % 64];
    if (i % 76 == 75) photo += "\r\n";
  }
  std::string raw = "From: anna@buurt.example\r\nTo: " + std::string(kOurs) + "\r\nSubject: Losse stoeptegel\r\nMessage-ID: " +
                    message_id + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHier ligt een losse stoeptegel, zie de foto.\r\n"
                    "--b1\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"tegel.jpg\"\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n" + photo + "\r\n--b1--\r\n";
  EXPECT_LE(raw.size(), size);
  raw.resize(size, ' ');
  return raw;
}

// Mail with photos is larger than the server's limit for other routes (server.max_body_bytes, 1 MiB):
// the webhook has its own, email.max_message_bytes. Up to it a mail is taken, beyond it the answer is 413
// and says the limit; every other route, the unsubscribe link's too, keeps the server's.
TEST_F(EmailService, AMailWithAPhotoIsTakenUpToTheWebhooksOwnLimitAndRefusedWith413Beyond) {
  ASSERT_TRUE(service.stop());
  constexpr std::size_t kLimit = 2 << 20;
  service.set_env("BUURTBOT_EMAIL_MAX_MESSAGE_BYTES", std::to_string(kLimit));
  ASSERT_TRUE(service.start());

  ASSERT_EQ(post(mail_with_photo("<photo-fits@buurt.example>", kLimit)), 200);
  reply_to("anna@buurt.example", "<photo-fits@buurt.example>");

  // A byte more, announced as curl announces a large body (Expect: 100-continue): refused on its header,
  // before the mail is sent.
  const auto refused_header = [&](const std::string& target, std::size_t length, const std::string& extra) {
    http::testing::RawConnection raw(service.port());
    EXPECT_TRUE(raw.send("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: message/rfc822\r\n" + extra +
                         "Content-Length: " + std::to_string(length) + "\r\nExpect: 100-continue\r\n\r\n"));
    bool closed = false;
    return raw.read_until_closed(closed);
  };
  const auto refused = refused_header("/webhook/email", kLimit + 1, "X-Buurtbot-Secret: " + std::string(kSecret) + "\r\n");
  EXPECT_TRUE(refused.starts_with("HTTP/1.1 413 ")) << refused;
  EXPECT_TRUE(refused.ends_with("\r\n\r\nRequest body too large: at most " + std::to_string(kLimit) + " bytes\n")) << refused;
  const auto other = refused_header("/mail/unsubscribe?t=x", (1 << 20) + 1, "");
  EXPECT_TRUE(other.starts_with("HTTP/1.1 413 ")) << "the unsubscribe link keeps server.max_body_bytes: " << other;
  EXPECT_TRUE(other.ends_with("at most 1048576 bytes\n")) << other;
  barrier("<barrier-photo@buurt.example>");
  EXPECT_EQ(mails_to("anna@buurt.example").size(), 1u) << "the mail too large was not taken";
}

// The webhook takes up to 25 MiB, but only from whoever has its secret: a request without it, or with a
// wrong one, is refused on its header, with no body sent (no 100 Continue asked for it, no read of it).
TEST_F(EmailService, AWebhookRequestWithoutTheSecretIsRefusedBeforeItsBody) {
  const auto without_body = [&](const std::string& extra, bool expect_continue) {
    http::testing::RawConnection raw(service.port());
    EXPECT_TRUE(raw.send("POST /webhook/email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: message/rfc822\r\n" + extra +
                         "Content-Length: 20000000\r\n" + (expect_continue ? "Expect: 100-continue\r\n" : "") + "\r\n"));
    return raw.read_response();
  };
  EXPECT_TRUE(without_body("X-Buurtbot-Secret: wrong\r\n", false).starts_with("HTTP/1.1 403 "));
  EXPECT_TRUE(without_body("", true).starts_with("HTTP/1.1 401 "));
  const auto right = without_body("X-Buurtbot-Secret: " + std::string(kSecret) + "\r\n", true);
  EXPECT_TRUE(right.starts_with("HTTP/1.1 100 ")) << "with the secret the body is asked for: " << right;
}

std::string header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "";
}

// The page behind the link is dressed as the public pages are: their stylesheet (which its policy lets
// load, and nothing else), in Dutch or in English, and its button is a plain form, so it works without
// JavaScript: what a browser sends for it stops the news.
TEST_F(EmailService, TheUnsubscribePageUsesTheSiteStylesheetInDutchAndEnglishWithoutJavaScript) {
  const auto token = adapters::email::unsubscribe_token("unsubscribe-key-of-the-e2e-tests-0123456789",
                                                        {.address = "anna@buurt.example", .list = "all"});
  http::Client browser(service.url());
  const auto dutch = browser.get("/mail/unsubscribe?t=" + token);
  ASSERT_EQ(dutch.status, 200) << dutch.body;
  EXPECT_THAT(dutch.body, HasSubstr("<html lang=\"nl\" class=\"voorbeeld-theme"));
  EXPECT_THAT(dutch.body, HasSubstr("Wil je geen nieuws meer krijgen op dit e-mailadres?"));
  EXPECT_THAT(dutch.body, Not(HasSubstr("<script")));
  const auto policy = header(dutch, "content-security-policy");
  EXPECT_THAT(policy, HasSubstr("default-src 'none'"));
  EXPECT_THAT(policy, HasSubstr("style-src 'self'"));
  EXPECT_THAT(policy, Not(HasSubstr("script-src")));
  const std::regex stylesheet(R"re(<link rel="stylesheet" href="([^"]+)">)re");
  std::smatch css;
  ASSERT_TRUE(std::regex_search(dutch.body, css, stylesheet)) << dutch.body;
  const auto sheet = browser.get(css[1].str());
  EXPECT_EQ(sheet.status, 200);
  EXPECT_THAT(header(sheet, "content-type"), HasSubstr("text/css"));

  const std::regex english_link(R"re(<a href="([^"]+)" hreflang="en")re");
  std::smatch link;
  ASSERT_TRUE(std::regex_search(dutch.body, link, english_link)) << dutch.body;
  auto english_path = link[1].str();
  english_path.replace(english_path.find("&amp;"), 5, "&");
  const auto english = browser.get(english_path);
  EXPECT_THAT(english.body, HasSubstr("<html lang=\"en\" class=\"voorbeeld-theme"));
  EXPECT_THAT(english.body, HasSubstr("Do you want to stop all news to this e-mail address?"));

  // The button, as a browser without JavaScript submits it: the form's action and its one field.
  const std::regex form(R"re(<form method="post" action="([^"]+)">)re");
  std::smatch action;
  ASSERT_TRUE(std::regex_search(english.body, action, form)) << english.body;
  auto target = action[1].str();
  target.replace(target.find("&amp;"), 5, "&");
  const auto done = browser.request("POST", target, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_THAT(done.body, HasSubstr("You will no longer get these e-mails."));
}

// A reply whose In-Reply-To and References were lost on the way still names its question in the subject:
// it goes on that question (here a closed one, while another is open), but only for the question's own
// resident; a stranger who copies the reference writes into nobody's thread.
TEST_F(EmailService, AReplyThatLostItsHeadersFindsItsQuestionByTheSubjectReferenceOfItsOwnResidentOnly) {
  auto api = officer_api();
  ASSERT_EQ(post(mail_from("anna@buurt.example", "<gras@buurt.example>", "Gras in het park", "Wanneer wordt het gras gemaaid?")), 200);
  reply_to("anna@buurt.example", "<gras@buurt.example>");
  const auto threads = nlohmann::json::parse(api.request("GET", "/api/v1/threads?channel=email&q=gras", "", "").body);
  ASSERT_EQ(threads.size(), 1u) << threads.dump();
  const auto grass = std::to_string(threads[0]["id"].get<std::int64_t>());
  ASSERT_EQ(api.request("PATCH", "/api/v1/threads/" + grass, "application/json", R"({"status":"resolved"})").status, 200);
  ASSERT_EQ(post(mail_from("anna@buurt.example", "<bank@buurt.example>", "Bankje", "Komt er een bankje bij de vijver?")), 200);
  reply_to("anna@buurt.example", "<bank@buurt.example>");

  const auto subject = "Re: [vraag " + grass + "] Gras in het park";
  ASSERT_EQ(post(mail_from("anna@buurt.example", "<lost@buurt.example>", subject, "Het gras is nog steeds lang.")), 200);
  reply_to("anna@buurt.example", "<lost@buurt.example>");
  ASSERT_EQ(post(mail_from("bert@buurt.example", "<stranger@buurt.example>", subject, "Ik schrijf in een andere vraag.")), 200);
  reply_to("bert@buurt.example", "<stranger@buurt.example>");

  const auto shown = nlohmann::json::parse(api.request("GET", "/api/v1/threads/" + grass, "", "").body);
  std::string texts;
  for (const auto& message : shown["messages"]) texts += message["text"].get<std::string>() + "\n";
  EXPECT_THAT(texts, HasSubstr("Het gras is nog steeds lang.")) << "the reply found its closed question";
  EXPECT_THAT(texts, Not(HasSubstr("bankje"))) << "not the open one";
  EXPECT_THAT(texts, Not(HasSubstr("andere vraag"))) << "a stranger's mail never lands in Anna's question";
  EXPECT_EQ(shown["status"], "open") << "the resident's reply reopens it";
}

// A workgroup's mailing list links itself as the workgroup's chat the way a Telegram group does (a list
// post that says "koppel CODE"), then gets the workgroup's news by mail, with a one-click unsubscribe
// that unlinks the list.
TEST_F(EmailService, AWorkgroupsMailingListLinksItselfAndGetsTheNewsWithAnUnsubscribeLink) {
  const auto ref = plan_by_carla();  // theme 1: groen, the theme of the workgroup Groen Centrum
  auto api = officer_api();
  const auto code = service.admin().run({"workgroup", "link", "Groen Centrum"});
  ASSERT_EQ(code.exit_code, 0) << code.err;
  const auto link_code = code.out.substr(0, code.out.find('\n'));
  const std::string list_headers = "List-Id: Groen <groen.lijst.example>\r\nList-Post: <mailto:groen@lijst.example>\r\nPrecedence: list\r\n";
  const auto raw = mail_from("Piet <piet@buurt.example>", "<koppel@lijst.example>", "Koppelen", "koppel " + link_code);
  ASSERT_EQ(post(raw.substr(0, raw.find("MIME-Version")) + list_headers + raw.substr(raw.find("MIME-Version"))), 200);
  const auto linked = reply_to("groen@lijst.example", "<koppel@lijst.example>");
  EXPECT_THAT(linked.body, HasSubstr("gekoppeld aan de werkgroep Groen Centrum"));

  ASSERT_EQ(api.request("PATCH", "/api/v1/initiatives/" + ref, "application/json", R"({"status":"in_review"})").status, 200);
  const auto news = wait_for_news([&] { return mails_to("groen@lijst.example"); });
  ASSERT_TRUE(news) << service.log();
  EXPECT_THAT(news->body, HasSubstr(ref));
  EXPECT_THAT(news->subject, HasSubstr("[" + ref + "]"));
  EXPECT_EQ(news->headers.at("auto-submitted"), "auto-generated");
  EXPECT_EQ(news->headers.at("list-unsubscribe-post"), "List-Unsubscribe=One-Click");

  const auto stop = one_click(service.url(), unsubscribe_path(*news, kPublicUrl));
  EXPECT_EQ(stop.status, 200) << stop.body;
  EXPECT_TRUE(http::testing::eventually([&] {
    auto db = storage::Database::open(service.database());
    auto rows = db.prepare("SELECT COUNT(*) FROM workgroup_chats WHERE channel = 'email' AND address = 'groen@lijst.example'");
    rows.step();
    return rows.int_at(0) == 0;
  })) << "the list is no longer the workgroup's chat\n" << service.log();
}

TEST_F(EmailService, AWrongSecretStoresNothing) {
  EXPECT_EQ(post(mail_from("dirk@buurt.example", "<x@buurt.example>", "Hoi", "Hallo daar"), "wrong"), 403);
  EXPECT_EQ(post("not a mail at all"), 400);
}

}  // namespace
}  // namespace buurtbot::testing
