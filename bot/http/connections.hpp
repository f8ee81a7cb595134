#pragma once
// The server's bookkeeping of its open connections, without Beast: how many each client address has,
// and which ones wait idle between requests, so that a full server can make room by closing the one
// that has waited longest instead of turning a new client away.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::http::detail {

/// A connection as the server's bookkeeping sees it; both calls may come from any thread.
class ServerSession {
 public:
  virtual ~ServerSession() = default;
  /// Closes the connection if it waits between requests (for stop()).
  virtual void close_if_idle() = 0;
  /// Closes the connection now if it waits between requests, else after the response it works on.
  virtual void evict() = 0;
};

/// The open connections of one server. Thread-safe: connections enter on the accept strand and leave,
/// turn idle and turn busy on their own strands.
class Connections final {
 public:
  /// Registers a connection from `address` (an IP address as text) and returns its id.
  std::uint64_t enter(std::weak_ptr<ServerSession> session, const std::string& address);

  /// Forgets a connection that closed.
  void leave(std::uint64_t id);

  /// Marks a kept-alive connection as waiting for its next request, from now on.
  void idle(std::uint64_t id);

  /// Marks a connection as reading or answering a request again.
  void busy(std::uint64_t id);

  /// Takes the connection that has waited longest between requests out of the idle ones, so that no
  /// one else picks it too; null when none waits.
  std::shared_ptr<ServerSession> take_longest_idle();

  /// Connections open now.
  std::size_t size() const;

  /// Connections open now from `address`.
  std::size_t from(const std::string& address) const;

  /// Connections waiting between requests now (and not taken).
  std::size_t idle_count() const;

  /// Every connection still alive, for stop().
  std::vector<std::shared_ptr<ServerSession>> live() const;

 private:
  struct Entry {
    std::weak_ptr<ServerSession> session;
    std::string address;
    std::optional<std::uint64_t> idle_since;  // a ticket in idle_, while the connection waits
  };

  void forget_idle(Entry& entry);

  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::uint64_t next_ticket_ = 0;
  std::map<std::uint64_t, Entry> entries_;
  std::map<std::string, std::size_t> per_address_;
  std::map<std::uint64_t, std::uint64_t> idle_;  // ticket → id: tickets grow, so the first waited longest
};

}  // namespace buurtbot::http::detail
