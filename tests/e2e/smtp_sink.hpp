#pragma once
// A real SMTP server on loopback that records what buurtbot sends: Debian's python3-aiosmtpd, started
// by the test as a child process, writing every mail it accepts to a Maildir of its own.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace buurtbot::testing {

class SmtpSink final {
 public:
  /// Starts aiosmtpd on a free loopback port and waits until it accepts connections; ready() says whether it did.
  SmtpSink();
  /// Stops it (SIGTERM) and reaps it.
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  bool ready() const { return ready_; }
  /// "smtp://127.0.0.1:<port>".
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  /// Every mail received so far, raw, in the order they arrived.
  std::vector<std::string> mails() const;

 private:
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
};

}  // namespace buurtbot::testing
