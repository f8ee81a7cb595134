#pragma once
// The e-mail channel's own import: a thread that reads one IMAP mailbox as soon as the server announces
// new mail (IMAP IDLE, on a second connection) and at least every `poll_seconds`, or only every
// `poll_seconds` when the server offers no IDLE. It hands each new mail to the same checks as the webhook
// (parse, loop guards), then to the journal in batches, each batch stored with the mailbox's position in
// one transaction. What is
// done with a mail once it is journaled (leave it, mark it \Seen, move it) comes after that commit:
// a crash in between leaves a journaled mail unmoved, never a moved mail unjournaled.

#include "adapters/email/imap.hpp"
#include "adapters/email/imap_idle.hpp"
#include "adapters/email/inbound.hpp"
#include "adapters/email/thread.hpp"
#include "bot/core/channel.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace buurtbot::adapters::email {

/// What to do with a mail on the server once it is journaled.
enum class AfterImport {
  seen,   ///< mark it \Seen (the default): nothing deleted or moved, a mail client shows what buurtbot took
  leave,  ///< leave its flags as they were
  move,   ///< move it to `move_to`
};

/// AfterImport from its config word ("seen", "leave", "move"); seen for anything else.
AfterImport after_import_of(const std::string& word);

struct ImapOptions {
  std::string mailbox = "INBOX";
  AfterImport after_import = AfterImport::seen;
  std::string move_to;                         ///< the folder for AfterImport::move
  std::chrono::seconds poll_interval{60};       ///< the longest wait between two looks, with IDLE too
  std::size_t max_message_bytes = 25u << 20;   ///< larger mail is set aside (logged, left in the mailbox)
  std::size_t batch = 20;                      ///< mails journaled in one transaction
  MailRules rules;                             ///< the checks each mail goes through
  std::chrono::milliseconds max_backoff{300000};
};

/// What one poll did, for the log and the tests.
struct PollReport {
  std::size_t journaled = 0;     ///< mails handed to the journal (duplicates included)
  std::size_t automatic = 0;     ///< auto-replies, lists and the like: never answered
  std::size_t set_aside = 0;     ///< unreadable or too large: logged with the reason, left in the mailbox
  std::size_t gone = 0;          ///< listed, then no longer there when fetched
  std::size_t skipped_seen = 0;  ///< first start: mail read before buurtbot came
};

/// The name channel_positions keeps a mailbox's position under: the account and the mailbox, so that
/// pointing the config at another server or mailbox never reuses another mailbox's UIDs.
std::string position_name(const ImapServer& server, const std::string& mailbox);

class ImapPoller final {
 public:
  ImapPoller(ImapServer server, ImapOptions options);
  ~ImapPoller();
  ImapPoller(const ImapPoller&) = delete;
  ImapPoller& operator=(const ImapPoller&) = delete;

  void start(JournalSink& journal);
  /// Ends the poll in flight at its next step and joins the thread; nothing is journaled after it returns.
  void stop();

  /// One poll of the mailbox, to its end; throws ImapError when the server failed and std::runtime_error
  /// when the journal did not store a batch (its position then stays, and the next poll fetches it again).
  PollReport poll_once(JournalSink& journal);

 private:
  void run(JournalSink& journal);
  void after_import(std::uint64_t validity, const std::vector<std::uint64_t>& taken,
                    const std::vector<std::uint64_t>& set_aside, const std::vector<std::uint64_t>& were_unseen);
  bool stopping() const { return stopping_.load(); }
  void wait(std::chrono::milliseconds how_long);
  bool idle_ready();
  void wait_for_mail();
  void idle_failed(const std::string& why);

  ImapServer server_;
  ImapOptions options_;
  std::string position_name_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  ImapSession session_;
  ImapIdle idle_;
  bool idle_offered_ = true;      ///< false once the server said it has no IDLE: polling from then on
  bool idle_failure_logged_ = false;
  std::thread thread_;
};

}  // namespace buurtbot::adapters::email
