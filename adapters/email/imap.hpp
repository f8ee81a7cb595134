#pragma once
// IMAP over TLS with libcurl: the few commands the import needs, on one connection that libcurl keeps
// open between calls (and opens again after an error). libcurl speaks IMAP as URLs (a mailbox, a UID)
// and passes any other command through as a custom request, whose untagged answers come back as text;
// the parsers of those answers are pure and tested on their own. libcurl has no IDLE: ImapIdle speaks it
// on a connection of its own (imap_idle.hpp).
//
// Every command on a mailbox names its UIDVALIDITY in the URL: libcurl then checks it on SELECT and
// fails rather than act on UIDs of another generation of the mailbox.

#include "adapters/email/mailbox.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::adapters::email {

/// Where and as whom to read mail.
struct ImapServer {
  std::string host;
  int port = 993;
  bool starttls = false;  ///< imap:// with STARTTLS required instead of imaps:// (TLS from the start)
  std::string user;
  std::string password;   ///< never logged
  std::string ca_file;    ///< a CA bundle to trust instead of the system's (a self-signed test server); empty: the system's
  std::chrono::seconds timeout{60};
};

/// A failed command: the connection is dropped and the poll tried again later.
class ImapError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What SELECT tells of a mailbox.
struct MailboxStatus {
  std::uint64_t uidvalidity = 0;
  std::uint64_t uidnext = 0;
};

/// One fetched mail.
struct FetchedMail {
  enum class Outcome { fetched, gone, too_large } outcome = Outcome::fetched;
  std::string raw;
};

/// SELECT's answer read: "* OK [UIDVALIDITY 1796654287] …" and "* OK [UIDNEXT 5] …"; nullopt without a
/// UIDVALIDITY.
std::optional<MailboxStatus> parse_select(std::string_view answer);
/// The untagged FETCH lines of "UID FETCH a:b (UID FLAGS INTERNALDATE)", in the order given.
std::vector<ListedMail> parse_listing(std::string_view answer);
/// `name` as an IMAP quoted string: "INBOX", "Afgehandeld \"2026\"".
std::string quoted(std::string_view name);
/// UIDs as an IMAP set: "3,5,9".
std::string uid_set(const std::vector<std::uint64_t>& uids);
/// The capabilities a CAPABILITY answer names ("* CAPABILITY IMAP4rev1 MOVE UIDPLUS"), upper case.
std::set<std::string> parse_capabilities(std::string_view answer);
/// The commands that move `uids` to `folder` on a server with `capabilities`: UID MOVE (RFC 6851) where it
/// is offered, else UID COPY and \Deleted, then, with UIDPLUS, UID EXPUNGE of just these mails. Without
/// UIDPLUS they stay marked \Deleted for the server or a mail program to remove: a plain EXPUNGE would
/// also remove mail someone else marked \Deleted.
std::vector<std::string> move_commands(const std::vector<std::uint64_t>& uids, const std::string& folder,
                                       const std::set<std::string>& capabilities);
/// True for a mailbox name this importer can name: printable ASCII without '"' or '\' (IMAP's
/// modified UTF-7 for other names is not supported).
bool valid_mailbox_name(std::string_view name);

/// The URL of `server` itself, before any mailbox: "imaps://host:993/".
std::string root_url(const ImapServer& server);
/// Sets on a libcurl handle (a CURL*) what every connection to `server` needs: the login, TLS always,
/// the CA file, the connect timeout, and `stopping`, asked while libcurl works (true ends its work).
void configure_connection(void* curl, const ImapServer& server, const std::function<bool()>* stopping);

/// Ends a connection made with configure_connection and frees its handle, without LOGOUT: libcurl
/// would wait two minutes for its answer from a server that hangs, holding up a stop, while a server
/// takes a closed connection as the end of the session all the same.
void end_connection(void* curl);

/// One IMAP connection, used from one thread. `stopping` is asked while a command runs and ends it early.
class ImapSession final {
 public:
  ImapSession(ImapServer server, std::function<bool()> stopping = {});
  ~ImapSession();
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  /// Selects the mailbox anew and gives its UIDVALIDITY and UIDNEXT. (STATUS would not do: on the mailbox
  /// selected already, Dovecot answers it from the session's old view, without the mail that came since.)
  MailboxStatus select(const std::string& mailbox);
  /// The mails with UIDs from `from_uid` up to below `uidnext` (SELECT's; 0: all) and whether each is
  /// \Seen, asked for in windows of 100 UIDs: libcurl refuses one answer of more than 300 KB (its limit on
  /// response headers, which an IMAP answer's lines count as).
  std::vector<ListedMail> list(const std::string& mailbox, std::uint64_t uidvalidity, std::uint64_t from_uid,
                               std::uint64_t uidnext);
  /// The raw mail with `uid`; gone when the mailbox no longer has it (moved or deleted meanwhile); too_large
  /// (and not read further) past `max_bytes`. libcurl's FETCH marks it \Seen, as reading it in a mail client does.
  FetchedMail fetch(const std::string& mailbox, std::uint64_t uidvalidity, std::uint64_t uid, std::size_t max_bytes);
  /// Sets or clears \Seen on the mails.
  void set_seen(const std::string& mailbox, std::uint64_t uidvalidity, const std::vector<std::uint64_t>& uids, bool seen);
  /// What the server offers after login, asked once per connection.
  const std::set<std::string>& capabilities();
  /// Moves the mails to `folder`: IMAP MOVE (RFC 6851), or its equivalent where the server lacks MOVE.
  void move(const std::string& mailbox, std::uint64_t uidvalidity, const std::vector<std::uint64_t>& uids,
            const std::string& folder);
  /// Drops the connection; the next command opens a new one.
  void disconnect();

 private:
  struct Result;
  std::string command(const std::string& url, const std::string& custom_request);
  Result perform(const std::string& url, const std::string& custom_request, std::size_t max_bytes);
  std::string mailbox_url(const std::string& mailbox, std::uint64_t uidvalidity) const;

  ImapServer server_;
  std::function<bool()> stopping_;
  void* curl_ = nullptr;  ///< CURL*, kept between commands so libcurl reuses its connection
  std::optional<std::set<std::string>> capabilities_;  ///< of the current connection
};

}  // namespace buurtbot::adapters::email
