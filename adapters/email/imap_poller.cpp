#include "adapters/email/imap_poller.hpp"

#include "adapters/email/inbound.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace buurtbot::adapters::email {
namespace {

std::shared_ptr<spdlog::logger> log() {
  static auto logger = spdlog::get("email") ? spdlog::get("email") : spdlog::default_logger()->clone("email");
  return logger;
}

// "YYYY-MM-DD" of yesterday (UTC): a first import's `since`, a day early for the server's time zone.
std::string day_before_today() {
  using namespace std::chrono;
  const year_month_day day{floor<days>(system_clock::now()) - days{1}};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return out;
}

}  // namespace

AfterImport after_import_of(const std::string& word) {
  if (word == "leave") return AfterImport::leave;
  if (word == "move") return AfterImport::move;
  return AfterImport::seen;
}

std::string position_name(const ImapServer& server, const std::string& mailbox) {
  return "email.imap:" + server.user + "@" + server.host + ":" + std::to_string(server.port) + "/" + mailbox;
}

ImapPoller::ImapPoller(ImapServer server, ImapOptions options)
    : server_(server),
      options_(std::move(options)),
      position_name_(position_name(server_, options_.mailbox)),
      session_(server, [this] { return stopping(); }),
      idle_(std::move(server), options_.mailbox, [this] { return stopping(); }) {}

ImapPoller::~ImapPoller() { stop(); }

void ImapPoller::start(JournalSink& journal) {
  stopping_ = false;
  thread_ = std::thread([this, &journal] { run(journal); });
}

void ImapPoller::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  idle_.interrupt();  // a wait in IDLE listens to the server, not to wake_
  if (thread_.joinable()) thread_.join();
}

void ImapPoller::wait(std::chrono::milliseconds how_long) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, how_long, [this] { return stopping_.load(); });
}

void ImapPoller::run(JournalSink& journal) {
  log()->info("reading mail from {} on {}:{} when the server announces it (IMAP IDLE) and at least every {} s",
              options_.mailbox, server_.host, server_.port, options_.poll_interval.count());
  std::chrono::milliseconds backoff(1000);
  while (!stopping()) {
    try {
      // IDLE is entered after the poll on a connection opened before it: mail that comes during the
      // poll is announced as soon as IDLE starts.
      const bool idle = idle_ready();
      poll_once(journal);
      backoff = std::chrono::milliseconds(1000);
      if (idle) wait_for_mail();
      else wait(options_.poll_interval);
    } catch (const std::exception& e) {
      if (stopping()) break;
      log()->warn("reading {} failed, trying again in {} ms: {}", options_.mailbox, backoff.count(), e.what());
      session_.disconnect();
      wait(backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
  idle_.close();
}

// True when the IDLE connection is open; false to poll instead.
bool ImapPoller::idle_ready() {
  if (!idle_offered_) return false;
  try {
    if (idle_.open()) return true;
    log()->info("{}:{} offers no IMAP IDLE: looking for mail every {} s", server_.host, server_.port,
                options_.poll_interval.count());
    idle_offered_ = false;
  } catch (const ImapError& e) {
    if (!stopping()) idle_failed(e.what());
  }
  return false;
}

// RFC 2177: a client leaves IDLE within 29 minutes, before the server may log it out; the poll after it
// also catches anything an announcement missed.
void ImapPoller::wait_for_mail() {
  constexpr std::chrono::minutes kLongestIdle{25};
  try {
    idle_.wait(std::min<std::chrono::milliseconds>(options_.poll_interval, kLongestIdle));
  } catch (const ImapError& e) {
    if (stopping()) return;
    idle_failed(e.what());
    wait(options_.poll_interval);
  }
}

// The first failure is told at info, later ones at debug: a server that keeps dropping idle connections
// would otherwise fill the log. The next round tries IDLE again.
void ImapPoller::idle_failed(const std::string& why) {
  const auto level = idle_failure_logged_ ? spdlog::level::debug : spdlog::level::info;
  log()->log(level, "IMAP IDLE failed, looking for mail every {} s until it works again: {}",
             options_.poll_interval.count(), why);
  idle_failure_logged_ = true;
}

PollReport ImapPoller::poll_once(JournalSink& journal) {
  PollReport report;
  // Behind with the journal (server.max_waiting_updates): the mail waits on the server, as a webhook's
  // sender is told to try again.
  if (journal.backlogged()) return report;
  const auto& mailbox = options_.mailbox;
  const auto stored = position_of(journal.position(position_name_));
  const auto status = session_.select(mailbox);
  const auto validity = status.uidvalidity;
  const auto from = first_uid_to_list(stored, validity);
  // SELECT already tells that nothing came: no listing.
  if (stored && stored->uidvalidity == validity && status.uidnext != 0 && status.uidnext <= from) return report;

  const auto scan = plan_scan(stored, validity, session_.list(mailbox, validity, from, status.uidnext), day_before_today());
  report.skipped_seen = scan.skipped_seen;
  if (scan.start == Scan::Start::first)
    log()->info("{}: first import; {} mails read before are left alone, {} unread ones are taken", mailbox,
                scan.skipped_seen, scan.to_import.size());
  if (scan.start == Scan::Start::uidvalidity_changed)
    log()->warn("{}: UIDVALIDITY changed from {} to {}; reading the whole mailbox again ({} mails), mails taken "
                "before are known by their Message-ID and not answered twice",
                mailbox, stored->uidvalidity, validity, scan.to_import.size());

  for (const auto& batch : batches_of(scan, options_.batch)) {
    if (stopping()) break;
    PollReport done;                         // this batch's counts, added to the report once stored
    std::vector<InboundMessage> messages;
    std::vector<std::uint64_t> taken;        // journaled, or automatic: handled
    std::vector<std::uint64_t> set_aside;    // left in the mailbox for a person
    std::vector<std::uint64_t> were_unseen;  // fetched, and unread before libcurl's FETCH marked them \Seen
    for (const auto& mail : batch.mails) {
      if (stopping()) return report;  // nothing of this batch is stored: the next start fetches it again
      const auto fetched = session_.fetch(mailbox, validity, mail.uid, options_.max_message_bytes);
      if (fetched.outcome == FetchedMail::Outcome::gone) {
        ++done.gone;
        continue;
      }
      if (!mail.seen) were_unseen.push_back(mail.uid);
      if (fetched.outcome == FetchedMail::Outcome::too_large) {
        log()->warn("{}: UID {} set aside, left in the mailbox: larger than {} bytes", mailbox, mail.uid,
                    options_.max_message_bytes);
        set_aside.push_back(mail.uid);
        continue;
      }
      auto verdict = check_mail(fetched.raw, options_.rules);
      if (verdict.unreadable) {
        log()->warn("{}: UID {} set aside, left in the mailbox: {}", mailbox, mail.uid, verdict.reason);
        set_aside.push_back(mail.uid);
        continue;
      }
      if (!verdict.reason.empty()) log()->info("{}: UID {}: {}", mailbox, mail.uid, verdict.reason);
      taken.push_back(mail.uid);
      if (verdict.message) messages.push_back(std::move(*verdict.message));
      else ++done.automatic;
    }
    done.journaled = messages.size();
    done.set_aside = set_aside.size();
    if (!journal.journal_with_position(std::move(messages), {position_name_, to_text(batch.position)}))
      throw std::runtime_error("the journal did not store a batch of mail; it is fetched again");
    if (!batch.mails.empty())
      log()->info("{}: UIDs {} to {} taken: {} journaled, {} automatic (not answered), {} set aside, {} gone; stored at {}",
                  mailbox, batch.mails.front().uid, batch.mails.back().uid, done.journaled, done.automatic,
                  done.set_aside, done.gone, to_text(batch.position));
    report.journaled += done.journaled;
    report.automatic += done.automatic;
    report.set_aside += done.set_aside;
    report.gone += done.gone;
    after_import(validity, taken, set_aside, were_unseen);
  }
  return report;
}

// After the commit, and never fatal: the mail is journaled whatever becomes of its flags.
void ImapPoller::after_import(std::uint64_t validity, const std::vector<std::uint64_t>& taken,
                              const std::vector<std::uint64_t>& set_aside, const std::vector<std::uint64_t>& were_unseen) {
  const auto unseen = [&](const std::vector<std::uint64_t>& uids) {
    std::vector<std::uint64_t> out;
    for (auto uid : uids)
      if (std::ranges::find(were_unseen, uid) != were_unseen.end()) out.push_back(uid);
    return out;
  };
  try {
    // Set-aside mail stays as unread as it came, for a person to find.
    session_.set_seen(options_.mailbox, validity, unseen(set_aside), false);
    switch (options_.after_import) {
      case AfterImport::seen: session_.set_seen(options_.mailbox, validity, taken, true); break;
      case AfterImport::leave: session_.set_seen(options_.mailbox, validity, unseen(taken), false); break;
      case AfterImport::move: session_.move(options_.mailbox, validity, taken, options_.move_to); break;
    }
  } catch (const ImapError& e) {
    log()->warn("{}: the mails are journaled, but marking them on the server failed: {}", options_.mailbox, e.what());
  }
}

}  // namespace buurtbot::adapters::email
