#pragma once
// The web chat's limits, kept in memory: how many posts a session or a client address may make in a
// window (a sliding window of the last N), and how many event streams are open. Thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace buurtbot::adapters::web {

/// At most `count` takes per key in any `window`; past it, how long until the oldest leaves the window.
class WindowLimit final {
 public:
  using Clock = std::chrono::steady_clock;
  WindowLimit(int count, std::chrono::seconds window) : count_(count), window_(window) {}

  /// Zero when `key` may go on at `now` (and counts it); else the whole seconds to wait, at least 1.
  std::chrono::seconds take(const std::string& key, Clock::time_point now);

 private:
  void forget_old(Clock::time_point now);

  const int count_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> taken_;
  Clock::time_point next_cleanup_{};
};

/// Open event streams, all together and per session.
class StreamCount final {
 public:
  StreamCount(int total, int per_session) : total_(total), per_session_(per_session) {}
  /// Counts one more stream of `session`; false (and counts nothing) when a limit is reached.
  bool open(std::int64_t session);
  void close(std::int64_t session);
  int open_now() const;

 private:
  const int total_;
  const int per_session_;
  mutable std::mutex mutex_;
  int open_ = 0;
  std::map<std::int64_t, int> per_session_open_;
};

}  // namespace buurtbot::adapters::web
