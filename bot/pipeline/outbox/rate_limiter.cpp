#include "bot/pipeline/outbox/rate_limiter.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace buurtbot::outbox {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// Chats not written to for this long are forgotten, so a broadcast to thousands leaves no lasting state.
constexpr Clock::duration kSweepEvery = minutes(1);

}  // namespace

Clock::time_point RateLimiter::Window::ready_at() const {
  if (limit_ <= 0 || sent_.size() < static_cast<std::size_t>(limit_)) return Clock::time_point::min();
  return sent_.front() + length_;
}

void RateLimiter::Window::take(Clock::time_point now) {
  if (limit_ <= 0) return;
  sent_.push_back(now);
  if (sent_.size() > static_cast<std::size_t>(limit_)) sent_.erase(sent_.begin());
}

// Several sends may be in flight, so the one settled is found by its reservation time (the newest with
// that time: they are alike) and moved to its place in the window, which stays oldest first. A send the
// window has already let go of counts no more.
void RateLimiter::Window::settle(Clock::time_point reserved_at, Clock::time_point answered_at) {
  auto it = std::find(sent_.rbegin(), sent_.rend(), reserved_at);
  if (it == sent_.rend() || answered_at <= reserved_at) return;
  *it = answered_at;
  std::sort(sent_.begin(), sent_.end());
}

bool RateLimiter::Window::idle(Clock::time_point now) const { return sent_.empty() || sent_.back() + length_ <= now; }

void RateLimiter::set_limits(const std::string& channel, RateLimits limits) {
  const int global = limits.global_per_second;
  channels_.insert_or_assign(channel, ChannelState{.limits = std::move(limits), .sent = Window(global, seconds(1)),
                                                   .paused_until = {}, .chats = {}, .last_sweep = {}});
}

std::optional<Clock::time_point> RateLimiter::reserve(const std::string& channel, const std::string& address,
                                                      Clock::time_point now) {
  auto it = channels_.find(channel);
  if (it == channels_.end()) return std::nullopt;
  auto& state = it->second;
  if (now - state.last_sweep >= kSweepEvery) sweep(state, now);
  auto& target = chat(state, address);
  // Nothing is counted unless every limit allows the send, so a refused chat costs the others nothing.
  const auto ready = std::max({state.paused_until, target.paused_until, state.sent.ready_at(),
                               target.second.ready_at(), target.minute.ready_at()});
  if (ready > now) return ready;
  state.sent.take(now);
  target.second.take(now);
  target.minute.take(now);
  return std::nullopt;
}

void RateLimiter::settle(const std::string& channel, const std::string& address, Clock::time_point reserved_at,
                         Clock::time_point answered_at) {
  auto it = channels_.find(channel);
  if (it == channels_.end()) return;
  auto& state = it->second;
  state.sent.settle(reserved_at, answered_at);
  auto& target = chat(state, address);
  target.second.settle(reserved_at, answered_at);
  target.minute.settle(reserved_at, answered_at);
}

void RateLimiter::pause(const std::string& channel, const std::string& address, Clock::time_point until) {
  auto it = channels_.find(channel);
  if (it == channels_.end()) return;
  auto& state = it->second;
  auto& paused = state.limits.retry_after_pauses_channel ? state.paused_until : chat(state, address).paused_until;
  paused = std::max(paused, until);
}

RateLimiter::Chat& RateLimiter::chat(ChannelState& state, const std::string& address) {
  if (auto it = state.chats.find(address); it != state.chats.end()) return it->second;
  const auto& limits = state.limits;
  const bool group = limits.is_group && limits.is_group(address);
  Chat fresh{.second = Window(limits.chat_per_second, seconds(1)),
             .minute = Window(group ? limits.group_per_minute : 0, minutes(1)), .paused_until = {}};
  return state.chats.emplace(address, std::move(fresh)).first->second;
}

void RateLimiter::sweep(ChannelState& state, Clock::time_point now) {
  std::erase_if(state.chats, [now](const auto& entry) {
    const auto& chat = entry.second;
    return chat.second.idle(now) && chat.minute.idle(now) && chat.paused_until <= now;
  });
  state.last_sweep = now;
}

}  // namespace buurtbot::outbox
