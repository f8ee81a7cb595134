#pragma once
// IMAP IDLE (RFC 2177): a second connection that waits for the server to announce new mail, so the
// importer fetches it at once instead of at its next poll. libcurl has no IDLE command: it opens the
// connection (TLS, STARTTLS and the login are its own, as for every other command) and then hands it
// over (CURLOPT_CONNECT_ONLY); CAPABILITY, SELECT, IDLE and DONE are spoken here. The fetching itself
// stays with ImapSession, so what is stored and when is the same with or without IDLE.

#include "adapters/email/imap.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::email {

/// True for an untagged line that announces new mail: "* 4 EXISTS", or "* 1 RECENT" (not "* 0 RECENT").
bool announces_mail(std::string_view line);

/// How a wait for mail ended.
enum class IdleWake {
  mail,         ///< the server announced new mail
  timeout,      ///< nothing came within the time asked
  interrupted,  ///< interrupt() was called (the connection is then closed)
};

/// One IDLE connection to one mailbox, used from one thread; interrupt() may come from any thread.
class ImapIdle final {
 public:
  ImapIdle(ImapServer server, std::string mailbox, std::function<bool()> stopping = {});
  ~ImapIdle();
  ImapIdle(const ImapIdle&) = delete;
  ImapIdle& operator=(const ImapIdle&) = delete;

  /// Connects, logs in and selects the mailbox, unless connected already; false when the server offers
  /// no IDLE. Throws ImapError when the server fails.
  bool open();
  /// Waits in IDLE until the server announces mail, `how_long` passed or interrupt() was called, and
  /// leaves IDLE again (DONE) unless interrupted. Throws ImapError when the server fails; the connection
  /// is then closed, and the next open() makes a new one.
  IdleWake wait(std::chrono::milliseconds how_long);
  /// Ends the wait in progress, or else the next one, at once.
  void interrupt();
  /// Drops the connection.
  void close();

 private:
  void send_line(const std::string& line);
  /// The next line from the server without its CRLF; throws ImapError after `deadline`.
  std::string read_line(std::chrono::steady_clock::time_point deadline);
  enum class Ready { data, timeout, interrupted };
  Ready wait_readable(std::chrono::steady_clock::time_point deadline);
  /// Sends `command` with a new tag and reads up to its tagged answer; the untagged lines before it.
  std::string command(const std::string& command);
  std::string next_tag();

  ImapServer server_;
  std::string mailbox_;
  std::function<bool()> stopping_;
  void* curl_ = nullptr;   ///< CURL*, connected and logged in by libcurl, then ours to talk on
  int wake_fd_ = -1;       ///< an eventfd interrupt() writes to
  std::string received_;   ///< read from the connection and not yet taken as a line
  unsigned tags_ = 0;
};

}  // namespace buurtbot::adapters::email
