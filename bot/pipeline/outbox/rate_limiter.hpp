#pragma once
// Per-channel send limits, so the outbox stays under what the channel allows instead of collecting 429s.

#include "bot/core/channel.hpp"
#include "bot/pipeline/outbox/clock.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace buurtbot::outbox {

/// A channel's limits (bot/core/channel.hpp), as the limiter keeps them.
using RateLimits = buurtbot::RateLimits;

/// Remembers recent sends per channel and per chat and says when the next one may go.
/// Used from the worker's thread only, so it has no lock.
class RateLimiter final {
 public:
  /// Sets the limits of `channel`; a channel without limits is never held back.
  void set_limits(const std::string& channel, RateLimits limits);

  /// Empty when a send to `address` may go at `now`, and then counts it; otherwise the earliest time to
  /// try again, and nothing is counted.
  std::optional<Clock::time_point> reserve(const std::string& channel, const std::string& address,
                                           Clock::time_point now);

  /// Counts the send that reserve() allowed to `address` at `reserved_at` from `answered_at` (when the
  /// channel answered it) instead of from its departure, when that is later. The channel counts a message
  /// when it arrives, and a send that took longer to arrive than the next one would otherwise let that
  /// next one in less than a window after it: Telegram answers with 429. Call it once after each send,
  /// also when other sends went out meanwhile; it costs the rate one round trip per window.
  void settle(const std::string& channel, const std::string& address, Clock::time_point reserved_at,
              Clock::time_point answered_at);

  /// Holds back `address` until `until` because the channel asked (retry_after), or the whole channel
  /// when its limits say a retry_after is account-wide.
  void pause(const std::string& channel, const std::string& address, Clock::time_point until);

 private:
  /// At most `limit` sends in any `length` of time: each token comes back one window after it was spent.
  /// A classic refilling bucket of 20 would let 39 messages into a group's first minute, which Telegram
  /// answers with 429; the window never does.
  class Window {
   public:
    Window(int limit, Clock::duration length) : limit_(limit), length_(length) {}
    Clock::time_point ready_at() const;
    void take(Clock::time_point now);
    void settle(Clock::time_point reserved_at, Clock::time_point answered_at);
    bool idle(Clock::time_point now) const;

   private:
    int limit_;
    Clock::duration length_;
    std::vector<Clock::time_point> sent_;  ///< the last `limit_` sends, oldest first
  };

  struct Chat {
    Window second;
    Window minute;  ///< unlimited for private chats
    Clock::time_point paused_until{};
  };

  struct ChannelState {
    RateLimits limits;
    Window sent;
    Clock::time_point paused_until{};
    std::unordered_map<std::string, Chat> chats;
    Clock::time_point last_sweep{};
  };

  Chat& chat(ChannelState& state, const std::string& address);
  static void sweep(ChannelState& state, Clock::time_point now);

  std::unordered_map<std::string, ChannelState> channels_;
};

}  // namespace buurtbot::outbox
