#include "adapters/email/imap_idle.hpp"

#include <curl/curl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cctype>
#include <charconv>

namespace buurtbot::adapters::email {
namespace {

CURL* handle(void* curl) { return static_cast<CURL*>(curl); }

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "b3 OK Idle completed" for tag "b3": true when it is the tagged answer, `ok` whether it says OK.
bool tagged(std::string_view line, const std::string& tag, bool& ok) {
  if (!line.starts_with(tag + " ")) return false;
  ok = upper(line.substr(tag.size() + 1)).starts_with("OK");
  return true;
}

bool says_bye(std::string_view line) { return upper(line).starts_with("* BYE"); }

}  // namespace

bool announces_mail(std::string_view line) {
  if (!line.starts_with("* ")) return false;
  line.remove_prefix(2);
  std::uint64_t count = 0;
  const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), count);
  if (error != std::errc() || end == line.data()) return false;
  const auto word = upper(std::string_view(end, line.data() + line.size() - end));
  if (word.starts_with(" EXISTS")) return true;
  return word.starts_with(" RECENT") && count > 0;
}

ImapIdle::ImapIdle(ImapServer server, std::string mailbox, std::function<bool()> stopping)
    : server_(std::move(server)),
      mailbox_(std::move(mailbox)),
      stopping_(std::move(stopping)),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

ImapIdle::~ImapIdle() {
  close();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ImapIdle::close() {
  if (curl_) end_connection(curl_);
  curl_ = nullptr;
  received_.clear();
}

void ImapIdle::interrupt() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

std::string ImapIdle::next_tag() { return "i" + std::to_string(++tags_); }

bool ImapIdle::open() {
  if (curl_) return true;
  if (wake_fd_ < 0) throw ImapError("IMAP IDLE: no eventfd");
  curl_ = curl_easy_init();
  if (!curl_) throw ImapError("libcurl could not start");
  CURL* curl = handle(curl_);
  const auto url = root_url(server_);
  char error[CURL_ERROR_SIZE] = {0};
  configure_connection(curl, server_, &stopping_);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(server_.timeout.count()));
  // libcurl connects, upgrades to TLS and logs in, then leaves the connection to us.
  curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
  const auto code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) {
    close();
    throw ImapError(std::string("IMAP IDLE login: ") + (error[0] != '\0' ? error : curl_easy_strerror(code)));
  }
  // After the login: a server may offer more once logged in.
  if (!parse_capabilities(command("CAPABILITY")).contains("IDLE")) {
    close();
    return false;
  }
  command("SELECT " + quoted(mailbox_));
  return true;
}

IdleWake ImapIdle::wait(std::chrono::milliseconds how_long) {
  if (!curl_) throw ImapError("IMAP IDLE: not connected");
  const auto tag = next_tag();
  const auto command_deadline = [this] { return std::chrono::steady_clock::now() + server_.timeout; };
  send_line(tag + " IDLE");
  // Changes since the last command may come before the "+ idling" that starts the wait.
  bool mail = false;
  for (auto deadline = command_deadline();;) {
    const auto line = read_line(deadline);
    if (line.starts_with("+")) break;
    bool ok = false;
    if (tagged(line, tag, ok) || says_bye(line)) {
      close();
      throw ImapError("IMAP IDLE refused: " + line);
    }
    mail = mail || announces_mail(line);
  }
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (!mail) {
    const auto ready = wait_readable(until);
    if (ready == Ready::interrupted) {
      close();
      return IdleWake::interrupted;
    }
    if (ready == Ready::timeout) break;
    const auto line = read_line(command_deadline());
    if (says_bye(line)) {
      close();
      throw ImapError("IMAP IDLE: the server ended the connection: " + line);
    }
    mail = announces_mail(line);
  }
  send_line("DONE");
  for (auto deadline = command_deadline();;) {
    bool ok = false;
    if (const auto line = read_line(deadline); tagged(line, tag, ok)) {
      if (ok) break;
      close();
      throw ImapError("IMAP IDLE ended with: " + line);
    }
  }
  return mail ? IdleWake::mail : IdleWake::timeout;
}

std::string ImapIdle::command(const std::string& command) {
  const auto tag = next_tag();
  send_line(tag + " " + command);
  std::string untagged;
  const auto deadline = std::chrono::steady_clock::now() + server_.timeout;
  for (;;) {
    const auto line = read_line(deadline);
    bool ok = false;
    if (!tagged(line, tag, ok)) {
      untagged += line + "\r\n";
      continue;
    }
    if (ok) return untagged;
    close();
    throw ImapError("IMAP " + command.substr(0, command.find(' ')) + ": " + line);
  }
}

void ImapIdle::send_line(const std::string& line) {
  const auto bytes = line + "\r\n";
  const auto deadline = std::chrono::steady_clock::now() + server_.timeout;
  for (std::size_t sent = 0; sent < bytes.size();) {
    std::size_t n = 0;
    const auto code = curl_easy_send(handle(curl_), bytes.data() + sent, bytes.size() - sent, &n);
    if (code == CURLE_OK) {
      sent += n;
      continue;
    }
    if (code != CURLE_AGAIN || std::chrono::steady_clock::now() > deadline) {
      close();
      throw ImapError(std::string("IMAP IDLE: sending failed: ") + curl_easy_strerror(code));
    }
    curl_socket_t socket = CURL_SOCKET_BAD;
    curl_easy_getinfo(handle(curl_), CURLINFO_ACTIVESOCKET, &socket);
    pollfd writable{.fd = socket, .events = POLLOUT, .revents = 0};
    ::poll(&writable, 1, 100);
  }
}

std::string ImapIdle::read_line(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    if (const auto end = received_.find("\r\n"); end != std::string::npos) {
      auto line = received_.substr(0, end);
      received_.erase(0, end + 2);
      return line;
    }
    const auto ready = wait_readable(deadline);
    if (ready != Ready::data) {
      close();
      throw ImapError(ready == Ready::timeout ? "IMAP IDLE: no answer in time" : "IMAP IDLE: stopped");
    }
  }
}

// Takes what libcurl has (TLS may hold decrypted bytes the socket no longer shows) and only then waits
// on the socket, for data, the deadline or interrupt().
ImapIdle::Ready ImapIdle::wait_readable(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    if (received_.find("\r\n") != std::string::npos) return Ready::data;
    char buffer[4096];
    std::size_t n = 0;
    const auto code = curl_easy_recv(handle(curl_), buffer, sizeof buffer, &n);
    if (code == CURLE_OK && n > 0) {
      received_.append(buffer, n);
      continue;
    }
    if (code != CURLE_AGAIN) {
      close();
      throw ImapError(code == CURLE_OK ? "IMAP IDLE: the server closed the connection"
                                       : std::string("IMAP IDLE: reading failed: ") + curl_easy_strerror(code));
    }
    curl_socket_t socket = CURL_SOCKET_BAD;
    curl_easy_getinfo(handle(curl_), CURLINFO_ACTIVESOCKET, &socket);
    pollfd ready[2] = {{.fd = socket, .events = POLLIN, .revents = 0}, {.fd = wake_fd_, .events = POLLIN, .revents = 0}};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Ready::timeout;
    ::poll(ready, 2, static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 60000)));
    if ((ready[1].revents & POLLIN) != 0) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto taken = ::read(wake_fd_, &count, sizeof count);
      return Ready::interrupted;
    }
  }
}

}  // namespace buurtbot::adapters::email
