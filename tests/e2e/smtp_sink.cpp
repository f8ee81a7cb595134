#include "tests/e2e/smtp_sink.hpp"

#include "tests/bot/http/running_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace buurtbot::testing {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A port the kernel just handed out and took back; aiosmtpd takes its own listen address from the command line.
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback(0);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

SmtpSink::SmtpSink() {
  char pattern[] = "/tmp/buurtbot-smtp-sink-XXXXXX";
  dir_ = ::mkdtemp(pattern);
  port_ = free_port();
  const std::string listen = "127.0.0.1:" + std::to_string(port_);
  const std::string maildir = (dir_ / "maildir").string();
  const std::string log = (dir_ / "log").string();
  pid_ = ::fork();
  if (pid_ == 0) {
    std::freopen(log.c_str(), "w", stdout);
    std::freopen(log.c_str(), "a", stderr);
    // Debian's own Python, which has the python3-aiosmtpd package; a python3 earlier in PATH (pyenv) may not.
    ::execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c", "aiosmtpd.handlers.Mailbox",
             maildir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ready_ = pid_ > 0 && http::testing::eventually([this] { return accepts(port_); });
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

// Maildir names start with the arrival time in seconds and a counter, so sorting by the file's time of
// change keeps the order well enough for a test that waits for each mail before sending the next.
std::vector<std::string> SmtpSink::mails() const {
  std::multimap<std::filesystem::file_time_type, std::string> by_time;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "maildir" / "new", error)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    by_time.emplace(entry.last_write_time(), text.str());
  }
  std::vector<std::string> out;
  for (auto& [time, mail] : by_time) out.push_back(std::move(mail));
  return out;
}

}  // namespace buurtbot::testing
