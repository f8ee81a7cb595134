#pragma once
// A real IMAP server on loopback for the e-mail tests: Debian's dovecot-imapd, started by the test with a
// throw-away config in a temporary directory (TLS required, with a certificate the test makes with
// `openssl req`; one user from a passwd-file; Maildir storage). Mail comes in as a mail server hands it
// on: over LMTP (dovecot-lmtpd), spoken by swaks; doveadm looks inside.
//
// Dovecot runs as the test's own user when that is not root (every service under that one user). As root
// (CI) its login processes must not be root: they run as Debian's dovecot/dovenull users, and the mail
// as nobody, which owns the Maildir.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace buurtbot::testing {

class Dovecot final {
 public:
  static constexpr const char* kUser = "bot";
  static constexpr const char* kPassword = "imap-password-of-the-e2e-test";

  /// Makes the certificate and the config, starts `dovecot -F` on a free loopback port and waits until it
  /// accepts connections; ready() says whether it did, why_not() why not.
  Dovecot() : Dovecot("") {}
  /// The same with `extra_config` appended to Dovecot's config ("imap_capability = IMAP4rev1": a server
  /// that offers less).
  explicit Dovecot(const std::string& extra_config);
  /// Stops it (SIGTERM to the master) and reaps it.
  ~Dovecot();
  Dovecot(const Dovecot&) = delete;
  Dovecot& operator=(const Dovecot&) = delete;

  bool ready() const { return ready_; }
  std::string why_not() const;
  std::uint16_t port() const { return port_; }
  /// The certificate's file: the CA buurtbot trusts for this server.
  std::string ca_file() const { return (dir_ / "cert.pem").string(); }
  /// Dovecot's own log.
  std::string log() const;

  /// Delivers `raw` into the INBOX as a mail server does, over LMTP with swaks; false when it failed.
  bool deliver(const std::string& raw) const;
  /// Puts many mails into the INBOX's Maildir at once, as a mail server's delivery does (doveadm would
  /// start a process per mail); Dovecot gives them UIDs when it next looks. `arrived` is their
  /// INTERNALDATE (the file's time), `seen` files them as read. False when a file failed.
  bool deliver_to_maildir(const std::vector<std::string>& raws,
                          std::chrono::system_clock::time_point arrived = std::chrono::system_clock::now(),
                          bool seen = false) const;
  /// Runs `doveadm -c <config> ARGS…` for the user; its output, or nullopt-like empty string on failure.
  std::string doveadm(const std::string& args) const;
  /// The UIDs in `mailbox` and whether each is \Seen, from doveadm.
  struct Mail {
    std::uint64_t uid = 0;
    bool seen = false;
  };
  std::vector<Mail> mails(const std::string& mailbox = "INBOX") const;
  /// The mailbox's UIDVALIDITY, from doveadm.
  std::uint64_t uidvalidity(const std::string& mailbox = "INBOX") const;
  /// True while a client waits in IMAP IDLE (Dovecot names the command in its process's title).
  bool someone_idles() const;
  /// Stops (SIGSTOP) or continues (SIGCONT) the processes that serve logged-in IMAP connections: a
  /// server that hangs in the middle of its answers, while it still accepts new connections.
  void freeze_connections(bool frozen) const;
  /// Makes the mailbox start over with a new UIDVALIDITY, as a restored backup or a migrated server does:
  /// stops Dovecot, removes its UID list and indexes of the Maildir, and starts it again.
  bool renumber();

 private:
  bool start();
  void stop();
  /// Dovecot's imap processes (one per logged-in connection) and their titles, from /proc.
  std::vector<std::pair<pid_t, std::string>> imap_processes() const;

  std::filesystem::path dir_;
  std::filesystem::path config_;
  std::string extra_config_;
  std::uint16_t port_ = 0;
  std::uint16_t lmtp_port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
  std::string problem_;
  uid_t mail_uid_ = 0;  ///< who owns the Maildir
  gid_t mail_gid_ = 0;
};

}  // namespace buurtbot::testing
