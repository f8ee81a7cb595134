// The e-mail channel reading a real IMAP server end to end: Debian's Dovecot on loopback (TLS required,
// a certificate made by the test), mail delivered over LMTP, `buurtbot serve` told of new mail by IMAP
// IDLE and polling it every second besides, and replies recorded by a real SMTP server (aiosmtpd). Across restarts, a new UIDVALIDITY and a mail
// moved away and back, every mail is answered once, none twice, none skipped. Waits are bounded polls.
#include "adapters/email/imap.hpp"
#include "adapters/email/parse.hpp"
#include "storage/database.hpp"
#include "bot/http/client.hpp"
#include "tests/bot/http/running_server.hpp"
#include "tests/e2e/dovecot.hpp"
#include "tests/e2e/news_mail.hpp"
#include "tests/e2e/service.hpp"
#include "tests/e2e/smtp_sink.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace buurtbot::testing {
namespace {

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

class ImapService : public ::testing::Test {
 protected:
  ImapService() : ImapService("") {}
  /// With `dovecot_config` appended to the server's config: a server that offers less.
  explicit ImapService(const std::string& dovecot_config) : dovecot(dovecot_config) {
    service.set_env("BUURTBOT_EMAIL_ENABLED", "true");
    service.set_env("BUURTBOT_EMAIL_ADDRESS", kOurs);
    service.set_env("BUURTBOT_EMAIL_WEBHOOK_SECRET_ENV", "BUURTBOT_TEST_NO_WEBHOOK");  // IMAP alone
    service.set_env("BUURTBOT_EMAIL_SMTP_URL", sink.url());
    service.set_env("BUURTBOT_EMAIL_SMTP_TIMEOUT_S", "5");
    service.set_env("BUURTBOT_EMAIL_SENDERS", "1");
    service.set_env("BUURTBOT_EMAIL_AUTO_REPLY_LIMIT_PER_HOUR", "0");
    service.set_env("BUURTBOT_EMAIL_IMAP_ENABLED", "true");
    service.set_env("BUURTBOT_EMAIL_IMAP_HOST", "127.0.0.1");
    service.set_env("BUURTBOT_EMAIL_IMAP_PORT", std::to_string(dovecot.port()));
    service.set_env("BUURTBOT_EMAIL_IMAP_USER", Dovecot::kUser);
    service.set_env("BUURTBOT_EMAIL_IMAP_PASSWORD_ENV", "BUURTBOT_TEST_IMAP_PASSWORD");
    service.set_env("BUURTBOT_TEST_IMAP_PASSWORD", Dovecot::kPassword);
    service.set_env("BUURTBOT_EMAIL_IMAP_CA_FILE", dovecot.ca_file());
    service.set_env("BUURTBOT_EMAIL_IMAP_POLL_SECONDS", "1");
    service.set_env("BUURTBOT_MUNICIPALITY_PUBLIC_URL", kPublicUrl);
    service.set_env("BUURTBOT_EMAIL_UNSUBSCRIBE_SECRET", "unsubscribe-key-of-the-imap-tests-0123456789");
    service.set_env("BUURTBOT_OFFICER_PASSWORD", "a long passphrase of the e2e officer");
  }

  void SetUp() override {
    ASSERT_TRUE(sink.ready()) << "python3 -m aiosmtpd did not start (apt-get install python3-aiosmtpd)";
    ASSERT_TRUE(dovecot.ready()) << dovecot.why_not();
  }

  void deliver(const std::string& from, const std::string& message_id, const std::string& text) {
    ASSERT_TRUE(dovecot.deliver(mail_from(from, message_id, "Vraag", text))) << "LMTP delivery failed\n" << dovecot.log();
  }

  std::vector<adapters::email::ParsedMail> mails_to(const std::string& address) {
    std::vector<adapters::email::ParsedMail> out;
    for (const auto& raw : sink.mails()) {
      auto parsed = adapters::email::parse_mail(raw);
      if (parsed.mail && parsed.mail->headers["to"].find(address) != std::string::npos) out.push_back(*parsed.mail);
    }
    return out;
  }

  /// Waits until the reply to `message_id` has reached `address`.
  bool answered(const std::string& address, const std::string& message_id) {
    const bool came = http::testing::eventually([&] {
      for (const auto& mail : mails_to(address))
        if (mail.in_reply_to == message_id) return true;
      return false;
    });
    if (!came) ADD_FAILURE() << "no reply to " << message_id << " for " << address << "\nservice log:\n" << service.log()
                             << "\ndovecot log:\n" << dovecot.log();
    return came;
  }

  /// The newest mail to `address` that answers `message_id`, once it has come.
  adapters::email::ParsedMail reply_to(const std::string& address, const std::string& message_id) {
    adapters::email::ParsedMail found;
    EXPECT_TRUE(answered(address, message_id));
    for (const auto& mail : mails_to(address))
      if (mail.in_reply_to == message_id) found = mail;
    return found;
  }

  /// `from` answers the bot's mail `to` as a mail program does: In-Reply-To and References, "Re: " and
  /// the quoted mail under the answer. Returns the new mail's Message-ID.
  std::string answer(const std::string& from, const adapters::email::ParsedMail& to, const std::string& text) {
    const auto id = "<step" + std::to_string(++steps_) + "@buurt.example>";
    std::string quoted;
    for (std::size_t start = 0; start < to.body.size();) {
      const auto end = to.body.find('\n', start);
      quoted += "> " + to.body.substr(start, end - start) + "\r\n";
      start = end == std::string::npos ? to.body.size() : end + 1;
    }
    const auto raw = "From: " + from + "\r\nTo: " + kOurs + "\r\nSubject: Re: " + to.subject + "\r\nMessage-ID: " + id +
                     "\r\nIn-Reply-To: " + to.message_id + "\r\nReferences: " + to.message_id +
                     "\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
                     text + "\r\n\r\nOp ma 7 dec 2026 om 10:00 schreef Gemeente <" + kOurs + ">:\r\n" + quoted;
    EXPECT_TRUE(dovecot.deliver(raw)) << dovecot.log();
    return id;
  }

  /// The officers' API with a fresh officer's token.
  http::Client officer_api() {
    EXPECT_EQ(service.admin().run({"officer", "add", "els", "--name", "Els de Vries", "--role", "officer"}).exit_code, 0);
    const auto token = service.admin().run({"officer", "token", "els"});
    auto bearer = token.out;
    while (!bearer.empty() && std::isspace(static_cast<unsigned char>(bearer.back()))) bearer.pop_back();
    http::ClientOptions options;
    options.headers.emplace_back("Authorization", "Bearer " + bearer);
    return http::Client(service.url(), options);
  }

  std::int64_t count(const std::string& sql, const std::string& value) {
    auto db = storage::Database::open(service.database());
    auto row = db.prepare(sql);
    row.bind(1, value);
    row.step();
    return row.int_at(0);
  }

  int steps_ = 0;

  std::int64_t journaled_mails() {
    auto db = storage::Database::open(service.database());
    auto row = db.prepare("SELECT COUNT(*) FROM inbound WHERE channel = 'email'");
    row.step();
    return row.int_at(0);
  }

  std::string position() {
    auto db = storage::Database::open(service.database());
    auto row = db.prepare("SELECT value FROM channel_positions WHERE name LIKE 'email.imap:%'");
    return row.step() ? row.text_at(0) : "";
  }

  SmtpSink sink;
  Dovecot dovecot;
  Service service;  ///< after the servers: it stops first
};

TEST_F(ImapService, EveryMailIsAnsweredOnceAcrossARestartAndAnOutOfOfficeNever) {
  // Read before buurtbot ever ran: the mailbox's history, left alone at the first start.
  deliver("oud@buurt.example", "<old@buurt.example>", "Een oude vraag van vorig jaar");
  dovecot.doveadm("flags add -u bot '\\Seen' mailbox INBOX all");
  ASSERT_EQ(dovecot.mails().size(), 1u);
  ASSERT_TRUE(dovecot.mails().at(0).seen);
  deliver("anna@buurt.example", "<q1@buurt.example>", "Wanneer wordt het gras gemaaid?");
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(answered("anna@buurt.example", "<q1@buurt.example>"));

  ASSERT_TRUE(dovecot.deliver(fixture("exchange_out_of_office.eml")));
  deliver("bert@buurt.example", "<q2@buurt.example>", "Waar kan ik grof vuil kwijt?");
  ASSERT_TRUE(answered("bert@buurt.example", "<q2@buurt.example>")) << "and the out-of-office before it was read";

  ASSERT_TRUE(service.stop());
  deliver("carla@buurt.example", "<q3@buurt.example>", "Komt er een bankje bij de vijver?");  // while buurtbot is down
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(answered("carla@buurt.example", "<q3@buurt.example>")) << "mail that came while it was down";
  deliver("dirk@buurt.example", "<q4@buurt.example>", "Mag ik een boom planten?");
  ASSERT_TRUE(answered("dirk@buurt.example", "<q4@buurt.example>"));

  for (const char* resident : {"anna@buurt.example", "bert@buurt.example", "carla@buurt.example", "dirk@buurt.example"})
    EXPECT_EQ(mails_to(resident).size(), 1u) << resident << " is answered once, not again after the restart";
  EXPECT_TRUE(mails_to("oud@buurt.example").empty()) << "mail read before the first start is history";
  EXPECT_TRUE(mails_to("m.jansen@bedrijf.example").empty()) << "an out-of-office is never answered";
  EXPECT_EQ(journaled_mails(), 4) << "the four questions; the out-of-office is not stored";
  EXPECT_THAT(position(), ::testing::StartsWith(std::to_string(dovecot.uidvalidity()) + "/6/"))
      << "UIDVALIDITY, the highest UID handled and the day of the first import";
  const auto mails = dovecot.mails();
  ASSERT_EQ(mails.size(), 6u);
  for (const auto& mail : mails) EXPECT_TRUE(mail.seen) << "UID " << mail.uid << ": handled mail is marked read";
}

// IMAP IDLE (RFC 2177): with a poll interval of ten minutes only the server's announcement can bring a
// mail within the test's safety net, each time IDLE is entered again after a fetch. A stop while waiting
// in IDLE ends at once, not after the poll interval.
TEST_F(ImapService, WithIdleAMailIsAnsweredWhenItComesNotAtTheNextPoll) {
  service.set_env("BUURTBOT_EMAIL_IMAP_POLL_SECONDS", "600");
  deliver("anna@buurt.example", "<q1@buurt.example>", "Wanneer wordt het gras gemaaid?");
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(answered("anna@buurt.example", "<q1@buurt.example>")) << "the first look, at the start";
  for (const auto& [resident, id] : {std::pair{"bert@buurt.example", "<q2@buurt.example>"},
                                     std::pair{"carla@buurt.example", "<q3@buurt.example>"}}) {
    ASSERT_TRUE(http::testing::eventually([&] { return dovecot.someone_idles(); })) << service.log();
    deliver(resident, id, "Waar kan ik grof vuil kwijt?");
    ASSERT_TRUE(answered(resident, id)) << "announced while the bot waited in IDLE";
  }
  EXPECT_EQ(journaled_mails(), 3);
  EXPECT_THAT(service.log(), ::testing::Not(::testing::HasSubstr("IMAP IDLE failed")));
  ASSERT_TRUE(http::testing::eventually([&] { return dovecot.someone_idles(); }));
  EXPECT_TRUE(service.stop()) << "a stop in IDLE ends the wait";
}

// A server that does not offer IDLE: the mailbox is polled every poll_seconds, as it always was.
class ImapServiceWithoutIdle : public ImapService {
 protected:
  ImapServiceWithoutIdle() : ImapService("imap_capability = IMAP4rev1 LITERAL+ UIDPLUS MOVE") {}
};

TEST_F(ImapServiceWithoutIdle, TheMailboxIsPolled) {
  ASSERT_TRUE(service.start());
  deliver("anna@buurt.example", "<q1@buurt.example>", "Wanneer wordt het gras gemaaid?");
  ASSERT_TRUE(answered("anna@buurt.example", "<q1@buurt.example>"));
  deliver("bert@buurt.example", "<q2@buurt.example>", "Waar kan ik grof vuil kwijt?");
  ASSERT_TRUE(answered("bert@buurt.example", "<q2@buurt.example>"));
  EXPECT_THAT(service.log(), ::testing::HasSubstr("offers no IMAP IDLE: looking for mail every 1 s"));
  EXPECT_FALSE(dovecot.someone_idles());
}

// A stop in the middle of a mailbox of 500 mails: every UID is taken exactly once across the two runs
// (the log names each batch it stored), and every resident gets one answer.
TEST_F(ImapService, AStopInTheMiddleOfFiveHundredMailsTakesEachExactlyOnce) {
  constexpr int kMails = 500;
  std::vector<std::string> raws;
  for (int i = 1; i <= kMails; ++i) {
    const auto n = std::to_string(i);
    raws.push_back(mail_from("bewoner" + n + "@buurt.example", "<bulk" + n + "@buurt.example>", "Vraag " + n,
                             "Vraag nummer " + n + " over de buurt."));
  }
  ASSERT_TRUE(dovecot.deliver_to_maildir(raws)) << dovecot.log();
  service.set_env("BUURTBOT_EMAIL_IMAP_BATCH", "10");
  ASSERT_TRUE(service.start());
  const auto last_uid = [&] {
    const auto stored = position();
    return stored.empty() ? 0 : std::stoi(stored.substr(stored.find('/') + 1));
  };
  // Once the first batch is stored the server hangs in the middle of its answers, so the stop lands in
  // the middle of the mailbox however slow the machine is, and it ends a fetch that waits for an answer.
  ASSERT_TRUE(http::testing::eventually([&] { return last_uid() > 0; })) << service.log();
  dovecot.freeze_connections(true);
  const auto stopped = service.stop();
  dovecot.freeze_connections(false);
  ASSERT_TRUE(stopped);
  const auto first_run = service.log();
  const auto stopped_at = last_uid();
  EXPECT_LT(stopped_at, kMails) << "stopped in the middle (else this only shows a restart after the end)";
  ASSERT_TRUE(service.start());
  // On a loaded machine 500 mails take longer than one safety net: wait while the position keeps moving.
  const auto reached_the_end = [&] {
    for (int seen = -1;;) {
      if (!http::testing::eventually([&] { return last_uid() > seen; })) return false;
      seen = last_uid();
      if (seen >= kMails) return true;
    }
  };
  ASSERT_TRUE(reached_the_end()) << service.log();

  // Each batch the log names, in both runs: together they cover UID 1 to 500, each once.
  std::vector<int> taken(kMails + 1, 0);
  const std::regex batch(R"(UIDs (\d+) to (\d+) taken)");
  for (const auto& run : {first_run, service.log()})
    for (std::sregex_iterator it(run.begin(), run.end(), batch), end; it != end; ++it)
      for (int uid = std::stoi((*it)[1]); uid <= std::stoi((*it)[2]); ++uid) ++taken.at(uid);
  for (int uid = 1; uid <= kMails; ++uid) EXPECT_EQ(taken[uid], 1) << "UID " << uid;
  EXPECT_EQ(journaled_mails(), kMails);
  // 500 replies through the Python SMTP sink take a while on a loaded machine: wait for as long as they
  // keep coming, and fail only when they stop short.
  const auto all_replied = [&] {
    for (std::size_t seen = 0;;) {
      if (!http::testing::eventually([&] { return sink.mails().size() > seen; })) return false;
      seen = sink.mails().size();
      if (seen >= static_cast<std::size_t>(kMails)) return true;
    }
  };
  ASSERT_TRUE(all_replied()) << sink.mails().size() << " replies";
  std::set<std::string> answered_once;
  for (const auto& raw : sink.mails()) {
    const auto parsed = adapters::email::parse_mail(raw);
    ASSERT_TRUE(parsed.mail);
    EXPECT_TRUE(answered_once.insert(parsed.mail->in_reply_to).second) << parsed.mail->in_reply_to << " answered twice";
  }
  EXPECT_EQ(answered_once.size(), static_cast<std::size_t>(kMails));
}

TEST_F(ImapService, AMailMovedAwayAndBackOrANewUidvalidityIsNotAnsweredAgain) {
  // Last year's mail, read by a colleague: history, at the first start and after a new UIDVALIDITY alike.
  ASSERT_TRUE(dovecot.deliver_to_maildir({mail_from("vorigjaar@buurt.example", "<history@buurt.example>", "Vraag", "Oud")},
                                         std::chrono::system_clock::now() - std::chrono::hours(24 * 365), /*seen=*/true));
  deliver("anna@buurt.example", "<q1@buurt.example>", "Wanneer wordt het gras gemaaid?");
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(answered("anna@buurt.example", "<q1@buurt.example>"));

  // A person files the mail away and puts it back: it comes back with a new UID (the history too).
  dovecot.doveadm("mailbox create -u bot Archief");
  dovecot.doveadm("move -u bot Archief mailbox INBOX all");
  dovecot.doveadm("move -u bot INBOX mailbox Archief all");
  ASSERT_EQ(dovecot.mails().size(), 2u);
  EXPECT_EQ(dovecot.mails().at(0).uid, 3u);
  deliver("bert@buurt.example", "<q2@buurt.example>", "Waar kan ik grof vuil kwijt?");
  ASSERT_TRUE(answered("bert@buurt.example", "<q2@buurt.example>")) << "and the mail moved back, before it, was read";

  // The server starts the mailbox over: every UID is new, under a new UIDVALIDITY.
  ASSERT_TRUE(service.stop());
  const auto before = dovecot.uidvalidity();
  ASSERT_TRUE(dovecot.renumber()) << dovecot.why_not();
  ASSERT_NE(dovecot.uidvalidity(), before);
  ASSERT_TRUE(service.start());
  deliver("carla@buurt.example", "<q3@buurt.example>", "Komt er een bankje bij de vijver?");
  ASSERT_TRUE(answered("carla@buurt.example", "<q3@buurt.example>"));
  EXPECT_THAT(service.log(), ::testing::HasSubstr("UIDVALIDITY changed"));

  EXPECT_EQ(mails_to("anna@buurt.example").size(), 1u) << "neither the move nor the new UIDVALIDITY answers again";
  EXPECT_TRUE(mails_to("vorigjaar@buurt.example").empty()) << "the history stays unanswered";
  EXPECT_EQ(mails_to("bert@buurt.example").size(), 1u);
  EXPECT_EQ(mails_to("carla@buurt.example").size(), 1u);
  EXPECT_EQ(journaled_mails(), 3);
  EXPECT_THAT(position(), ::testing::StartsWith(std::to_string(dovecot.uidvalidity()) + "/4/"))
      << "the history, Anna's, Bert's and Carla's mail";
}

TEST_F(ImapService, AMailThatCannotBeReadIsSetAsideUnreadAndTheNextOneIsAnswered) {
  service.set_env("BUURTBOT_EMAIL_MAX_MESSAGE_BYTES", "1024");
  ASSERT_TRUE(dovecot.deliver("Subject: no sender\r\nMessage-ID: <broken@buurt.example>\r\n\r\nhoi\r\n"));
  deliver("groot@buurt.example", "<large@buurt.example>", std::string(3000, 'x'));
  deliver("anna@buurt.example", "<q1@buurt.example>", "Wanneer wordt het gras gemaaid?");
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(answered("anna@buurt.example", "<q1@buurt.example>")) << "the mail after them is not held up";
  EXPECT_THAT(service.log(), ::testing::HasSubstr("UID 1 set aside, left in the mailbox"));
  EXPECT_THAT(service.log(), ::testing::HasSubstr("UID 2 set aside, left in the mailbox: larger than 1024 bytes"));
  EXPECT_TRUE(http::testing::eventually([&] {
    const auto mails = dovecot.mails();
    return mails.size() == 3 && !mails[0].seen && !mails[1].seen && mails[2].seen;
  })) << "the mail set aside is left unread for a person to look at, the other one marked read";
  EXPECT_TRUE(mails_to("groot@buurt.example").empty());
  EXPECT_EQ(journaled_mails(), 1);
}

TEST_F(ImapService, AfterImportMoveFilesTheMailAwayAndLeaveKeepsItUnread) {
  dovecot.doveadm("mailbox create -u bot Afgehandeld");
  service.set_env("BUURTBOT_EMAIL_IMAP_AFTER_IMPORT", "move");
  service.set_env("BUURTBOT_EMAIL_IMAP_MOVE_TO", "Afgehandeld");
  deliver("anna@buurt.example", "<q1@buurt.example>", "Wanneer wordt het gras gemaaid?");
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(answered("anna@buurt.example", "<q1@buurt.example>"));
  EXPECT_TRUE(http::testing::eventually([&] { return dovecot.mails().empty() && dovecot.mails("Afgehandeld").size() == 1; }))
      << service.log();

  ASSERT_TRUE(service.stop());
  service.set_env("BUURTBOT_EMAIL_IMAP_AFTER_IMPORT", "leave");
  ASSERT_TRUE(service.start());
  deliver("bert@buurt.example", "<q2@buurt.example>", "Waar kan ik grof vuil kwijt?");
  ASSERT_TRUE(answered("bert@buurt.example", "<q2@buurt.example>"));
  EXPECT_TRUE(http::testing::eventually([&] {
    const auto mails = dovecot.mails();
    return mails.size() == 1 && !mails[0].seen;
  })) << "left as it came, unread";
  EXPECT_EQ(mails_to("anna@buurt.example").size(), 1u);
}

// A resident submits a plan entirely by mail through the mailbox, answering each question of the flow
// with a reply to the bot's last mail, and gets the plan's reference. The news about the plan carries a
// one-click unsubscribe (RFC 8058): once it is posted, the next status change sends nothing to her.
TEST_F(ImapService, AnInitiativeEntirelyByMailAndAOneClickUnsubscribeStopsItsNews) {
  ASSERT_TRUE(service.start());
  const std::string eva = "eva@buurt.example";
  ASSERT_TRUE(dovecot.deliver(mail_from("Eva Smit <" + eva + ">", "<plan@buurt.example>", "Een plan", "initiatief")));
  auto last = reply_to(eva, "<plan@buurt.example>");
  for (const std::string step : {"Bankje bij de speeltuin", "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.",
                                 "1", "1", "Geen", "ja", "ja"})
    last = reply_to(eva, answer("Eva Smit <" + eva + ">", last, step));
  const auto ref = first_reference(last.body);
  ASSERT_FALSE(ref.empty()) << last.body << "\nservice log:\n" << service.log();
  EXPECT_THAT(last.subject, ::testing::HasSubstr("[" + ref + "]")) << "the confirmation names the plan";
  EXPECT_EQ(count("SELECT COUNT(*) FROM initiatives WHERE ref = ?1 AND title = 'Bankje bij de speeltuin'", ref), 1);
  for (const auto& mail : mails_to(eva)) {
    EXPECT_EQ(mail.headers.at("auto-submitted"), "auto-replied") << "answers in her own thread";
    EXPECT_FALSE(mail.headers.contains("list-unsubscribe")) << "an answer is no news";
  }

  auto api = officer_api();
  ASSERT_EQ(api.request("PATCH", "/api/v1/initiatives/" + ref, "application/json", R"({"status":"in_review"})").status, 200);
  const auto news = wait_for_news([&] { return mails_to(eva); });
  ASSERT_TRUE(news) << service.log();
  EXPECT_EQ(news->headers.at("auto-submitted"), "auto-generated");
  const auto stop = one_click(service.url(), unsubscribe_path(*news, kPublicUrl));
  ASSERT_EQ(stop.status, 200) << stop.body;
  ASSERT_TRUE(http::testing::eventually([&] {
    return count("SELECT COUNT(*) FROM identities WHERE address = ?1 AND news_stopped_at IS NOT NULL", eva) == 1;
  })) << service.log();

  const auto news_rows = count("SELECT COUNT(*) FROM outbox WHERE address = ?1 AND instr(payload, '\"list\"') > 0", eva);
  ASSERT_EQ(api.request("PATCH", "/api/v1/initiatives/" + ref, "application/json",
                        R"({"status":"accepted","answer":"Het bankje komt er."})").status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE address = ?1 AND instr(payload, '\"list\"') > 0", eva), news_rows)
      << "the change is committed with its news: none for Eva";
  // A question of hers afterwards is still answered: only the news stopped.
  ASSERT_TRUE(dovecot.deliver(mail_from(eva, "<later@buurt.example>", "Vraag", "Wanneer komt het bankje?")));
  reply_to(eva, "<later@buurt.example>");
  for (const auto& mail : mails_to(eva)) EXPECT_THAT(mail.body, ::testing::Not(::testing::HasSubstr("Het bankje komt er")));
}

// RFC 2369's mailto: a mail program that does not speak HTTP sends a mail to the address in
// List-Unsubscribe. It arrives in the mailbox like any other mail, stops that news for that reader as the
// one-click POST does, and is never answered.
TEST_F(ImapService, AMailToTheUnsubscribeAddressStopsTheNewsAndIsNotAnswered) {
  ASSERT_TRUE(service.start());
  const auto chat = service.admin().chat("Carla", {"/initiatief", "Bankje bij de speeltuin",
                                                   "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.",
                                                   "1", "1", "Geen", "ja", "ja"});
  const auto ref = first_reference(chat.out);
  ASSERT_FALSE(ref.empty()) << chat.out << chat.err;
  const std::string anna = "anna@buurt.example";
  const auto follows = [&] {
    return count("SELECT COUNT(*) FROM follows f JOIN identities i ON i.resident_id = f.resident_id "
                 "WHERE i.channel = 'email' AND i.address = ?1", anna);
  };
  ASSERT_TRUE(dovecot.deliver(mail_from(anna, "<volg@buurt.example>", "volg " + ref, "")));
  reply_to(anna, "<volg@buurt.example>");
  ASSERT_EQ(follows(), 1);

  auto api = officer_api();
  ASSERT_EQ(api.request("PATCH", "/api/v1/initiatives/" + ref, "application/json", R"({"status":"in_review"})").status, 200);
  const auto news = wait_for_news([&] { return mails_to(anna); });
  ASSERT_TRUE(news) << service.log();
  const auto stop = unsubscribe_mail(*news, anna, "<stop@buurt.example>");
  ASSERT_THAT(stop, ::testing::HasSubstr("\r\nTo: " + std::string(kOurs) + "\r\n")) << news->headers.at("list-unsubscribe");
  ASSERT_TRUE(dovecot.deliver(stop)) << dovecot.log();
  ASSERT_TRUE(http::testing::eventually([&] { return follows() == 0; })) << service.log();

  const auto news_rows = count("SELECT COUNT(*) FROM outbox WHERE address = ?1 AND instr(payload, '\"list\"') > 0", anna);
  ASSERT_EQ(api.request("PATCH", "/api/v1/initiatives/" + ref, "application/json",
                        R"({"status":"accepted","answer":"Het bankje komt er."})").status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE address = ?1 AND instr(payload, '\"list\"') > 0", anna), news_rows)
      << "the change is committed with its news: none for Anna";
  // Her next mail is answered; the mail is read in order, so an answer to the stop would have come first.
  ASSERT_TRUE(dovecot.deliver(mail_from(anna, "<later@buurt.example>", "Vraag", "Wanneer komt het bankje?")));
  reply_to(anna, "<later@buurt.example>");
  for (const auto& mail : mails_to(anna)) {
    EXPECT_NE(mail.in_reply_to, "<stop@buurt.example>") << "the stop is never answered";
    EXPECT_THAT(mail.body, ::testing::Not(::testing::HasSubstr("Het bankje komt er")));
  }
}

// A session ends with LOGOUT, a courtesy: a server that stopped answering (hung, or frozen here) must not
// hold the end of the session, and with it the end of the service, for libcurl's two minutes.
TEST(ImapSessionEnd, ASessionEndsSoonWhenTheServerNoLongerAnswers) {
  Dovecot dovecot;
  ASSERT_TRUE(dovecot.ready()) << dovecot.why_not();
  auto session = std::make_unique<adapters::email::ImapSession>(adapters::email::ImapServer{
      .host = "127.0.0.1", .port = dovecot.port(), .starttls = false, .user = Dovecot::kUser,
      .password = Dovecot::kPassword, .ca_file = dovecot.ca_file(), .timeout = std::chrono::seconds(30)});
  session->select("INBOX");
  dovecot.freeze_connections(true);
  const auto began = std::chrono::steady_clock::now();
  session.reset();
  const auto took = std::chrono::steady_clock::now() - began;
  dovecot.freeze_connections(false);
  EXPECT_LT(took, std::chrono::seconds(10)) << "the end of a session waited for a server that does not answer";
}

// after_import: move on a server that does not offer MOVE (Dovecot told to advertise less): the mails go
// with COPY, \Deleted and UID EXPUNGE where UIDPLUS is offered; without it they stay marked \Deleted in the
// mailbox, since a plain EXPUNGE would also remove what others marked.
struct MoveWithout {
  std::string capability;
  bool expunged;
};

void PrintTo(const MoveWithout& server, std::ostream* out) { *out << "imap_capability = " << server.capability; }

class ImapMoveWithoutMove : public ::testing::TestWithParam<MoveWithout> {};

TEST_P(ImapMoveWithoutMove, TheMailsReachTheFolderAndLeaveTheMailbox) {
  Dovecot dovecot("imap_capability = " + GetParam().capability);
  ASSERT_TRUE(dovecot.ready()) << dovecot.why_not();
  for (int i = 1; i <= 3; ++i)
    ASSERT_TRUE(dovecot.deliver(mail_from("anna@buurt.example", "<m" + std::to_string(i) + "@buurt.example>", "Vraag", "Hoi")));
  dovecot.doveadm("mailbox create -u bot Afgehandeld");
  adapters::email::ImapSession session({.host = "127.0.0.1", .port = dovecot.port(), .starttls = false, .user = Dovecot::kUser,
                                        .password = Dovecot::kPassword, .ca_file = dovecot.ca_file(),
                                        .timeout = std::chrono::seconds(30)});
  EXPECT_FALSE(session.capabilities().contains("MOVE")) << "the server offers no MOVE";
  const auto status = session.select("INBOX");
  session.move("INBOX", status.uidvalidity, {1, 3}, "Afgehandeld");

  EXPECT_EQ(dovecot.mails("Afgehandeld").size(), 2u) << dovecot.log();
  const auto flags = dovecot.doveadm("fetch -u bot 'uid flags' mailbox INBOX all");
  if (GetParam().expunged) {
    ASSERT_EQ(dovecot.mails("INBOX").size(), 1u) << flags;
    EXPECT_EQ(dovecot.mails("INBOX").at(0).uid, 2u) << "UID EXPUNGE took only the moved mails";
  } else {
    EXPECT_EQ(dovecot.mails("INBOX").size(), 3u) << "no EXPUNGE without UIDPLUS";
    EXPECT_NE(flags.find("uid: 1\nflags: \\Deleted"), std::string::npos) << flags;
    EXPECT_EQ(flags.find("uid: 2\nflags: \\Deleted"), std::string::npos) << flags;
  }
}

INSTANTIATE_TEST_SUITE_P(Servers, ImapMoveWithoutMove,
                         ::testing::Values(MoveWithout{"IMAP4rev1 LITERAL+ UIDPLUS", true}, MoveWithout{"IMAP4rev1 LITERAL+", false}),
                         [](const auto& info) { return info.param.expunged ? "WithUidplus" : "WithoutUidplus"; });

}  // namespace
}  // namespace buurtbot::testing
