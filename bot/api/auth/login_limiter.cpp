#include "bot/api/auth/login_limiter.hpp"

#include <algorithm>

namespace buurtbot::auth {
namespace {

// Logins and addresses share one map; the prefixes keep a login named like an address apart from it.
std::string login_key(const std::string& login) { return "login:" + login; }
std::string address_key(const std::string& address) { return "address:" + address; }

}  // namespace

LoginLimiter::LoginLimiter(LoginLimits limits, std::function<Clock::time_point()> now)
    : limits_(limits), now_(std::move(now)) {}

std::optional<std::chrono::seconds> LoginLimiter::blocked(const std::string& login, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  const auto by_login = remaining(login_key(login), now);
  const auto by_address = remaining(address_key(address), now);
  if (by_login && by_address) return std::max(*by_login, *by_address);
  return by_login ? by_login : by_address;
}

void LoginLimiter::failed(const std::string& login, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  record(login_key(login), now);
  record(address_key(address), now);
}

void LoginLimiter::succeeded(const std::string& login) {
  std::lock_guard lock(mutex_);
  entries_.erase(login_key(login));
}

std::optional<std::chrono::seconds> LoginLimiter::remaining(const std::string& key, Clock::time_point now) {
  const auto it = entries_.find(key);
  if (it == entries_.end() || !it->second.blocked_until || *it->second.blocked_until <= now) return std::nullopt;
  // Rounded up, so a client that waits exactly Retry-After seconds is let in.
  return std::chrono::ceil<std::chrono::seconds>(*it->second.blocked_until - now);
}

void LoginLimiter::record(const std::string& key, Clock::time_point now) {
  if (!entries_.contains(key)) make_room(now);
  auto& entry = entries_[key];
  entry.last_seen = now;
  if (entry.blocked_until && *entry.blocked_until <= now) entry.blocked_until.reset();
  while (!entry.failures.empty() && entry.failures.front() <= now - limits_.window) entry.failures.pop_front();
  entry.failures.push_back(now);
  if (static_cast<int>(entry.failures.size()) >= limits_.max_failures) {
    entry.blocked_until = now + limits_.block;
    entry.failures.clear();
  }
}

// Forgets entries that no longer matter, then, if still full, the one seen longest ago; bounded so
// that a flood of made-up logins cannot grow the map without end.
void LoginLimiter::make_room(Clock::time_point now) {
  if (entries_.size() < limits_.max_tracked) return;
  std::erase_if(entries_, [&](const auto& item) {
    const auto& entry = item.second;
    return (!entry.blocked_until || *entry.blocked_until <= now) && entry.last_seen <= now - limits_.window;
  });
  if (entries_.size() < limits_.max_tracked) return;
  const auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
    return a.second.last_seen < b.second.last_seen;
  });
  entries_.erase(oldest);
}

}  // namespace buurtbot::auth
