#pragma once
// Test helpers for bot/http: a server on 127.0.0.1 with a free port whose io_context runs on two
// threads, and a raw socket for the bytes a well-behaved client would never send.

#include "bot/http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace buurtbot::http::testing {

/// How long a test waits for something another thread does before calling it a failure; a safety net
/// against hangs, never a measured duration.
inline constexpr std::chrono::seconds kSafetyNet{20};

/// Polls `condition` until it holds or the safety net runs out; returns whether it held.
inline bool eventually(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + kSafetyNet;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

/// A Server on 127.0.0.1:0, started, its io_context run by two threads until stop_and_join().
class RunningServer final {
 public:
  explicit RunningServer(const Router& router, Limits limits = {}, std::optional<TlsFiles> tls = std::nullopt)
      : server_(io_, "127.0.0.1:0", limits, router, std::move(tls)) {
    server_.start();
    for (auto& thread : threads_) thread = std::thread([this] { io_.run(); });
  }

  ~RunningServer() { stop_and_join(); }

  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  /// Stops the server and waits until its io_context ran out of work: every connection closed.
  void stop_and_join() {
    server_.stop();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

  /// The server under test.
  Server& server() { return server_; }

  /// The base URL of the server, "http://127.0.0.1:port" (or https).
  std::string url(const char* scheme = "http") const {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(server_.port());
  }

 private:
  boost::asio::io_context io_;
  Server server_;
  std::array<std::thread, 2> threads_;
};

/// A blocking TCP connection to 127.0.0.1, for hand-written requests.
class RawConnection final {
 public:
  /// Connects to `port` on 127.0.0.1 from the address `from`: any of 127.0.0.0/8, all of which is
  /// loopback on Linux, so that one test can play clients at several addresses.
  explicit RawConnection(std::uint16_t port, const char* from = "127.0.0.1")
      : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &local.sin_addr);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    connected_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
                 ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }

  ~RawConnection() { ::close(fd_); }

  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  /// Whether the connection was established.
  bool connected() const { return connected_; }

  /// The socket, for a test that reads a body that goes on (a stream) itself.
  int fd() const { return fd_; }

  /// Sends all of `bytes`; false when the connection no longer takes them.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  /// True when the server closed (or reset) the connection, looking without waiting.
  bool closed_now() {
    pollfd descriptor{fd_, POLLIN, 0};
    if (::poll(&descriptor, 1, 0) == 0) return false;
    char byte;
    return ::recv(fd_, &byte, 1, MSG_PEEK) <= 0;
  }

  /// Reads until the server closes or resets the connection; `closed` is false when the safety net ran out.
  std::string read_until_closed(bool& closed) {
    std::string received;
    closed = false;
    while (!closed) {
      pollfd descriptor{fd_, POLLIN, 0};
      if (::poll(&descriptor, 1, static_cast<int>(kSafetyNet.count() * 1000)) <= 0) break;
      std::array<char, 4096> chunk;
      auto got = ::recv(fd_, chunk.data(), chunk.size(), 0);
      if (got <= 0) closed = true;
      if (got > 0) received.append(chunk.data(), static_cast<std::size_t>(got));
    }
    return received;
  }

  /// Reads one response with a Content-Length body (or none); empty when the connection closed first.
  std::string read_response() {
    std::string received;
    while (!complete(received)) {
      pollfd descriptor{fd_, POLLIN, 0};
      std::array<char, 4096> chunk;
      if (::poll(&descriptor, 1, static_cast<int>(kSafetyNet.count() * 1000)) <= 0) return {};
      auto got = ::recv(fd_, chunk.data(), std::min<std::size_t>(chunk.size(), missing(received)), 0);
      if (got <= 0) return {};
      received.append(chunk.data(), static_cast<std::size_t>(got));
    }
    return received;
  }

 private:
  // Bytes still missing from a response, at least 1 while its head is incomplete (read no further).
  static std::size_t missing(const std::string& received) {
    auto end = received.find("\r\n\r\n");
    if (end == std::string::npos) return 1;
    auto length = received.find("Content-Length: ");
    std::size_t body = length == std::string::npos || length > end ? 0 : std::stoul(received.substr(length + 16));
    return end + 4 + body - received.size();
  }

  static bool complete(const std::string& received) {
    return received.find("\r\n\r\n") != std::string::npos && missing(received) == 0;
  }

  int fd_;
  bool connected_ = false;
};

/// The status code of the first response in `raw` ("HTTP/1.1 200 OK..."), or 0.
inline int status_of(const std::string& raw) {
  return raw.size() >= 12 && raw.starts_with("HTTP/1.") ? std::stoi(raw.substr(9, 3)) : 0;
}

}  // namespace buurtbot::http::testing
