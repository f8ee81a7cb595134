#include "bot/api/auth/login_limiter.hpp"

#include <array>
#include <utility>

namespace buurtbot::auth {
namespace {

// Attempts still being checked settle within moments; a client refused because of them may come back then.
constexpr std::chrono::seconds kSettling{1};

// One map for all three kinds of key; the prefixes keep a login named like an address apart from it.
std::string login_key(const std::string& login) { return "login:" + login; }
std::string address_key(const std::string& address) { return "address:" + address; }
// An address never contains a space, so this pair cannot be read two ways.
std::string pair_key(const std::string& login, const std::string& address) {
  return "pair:" + address + " " + login;
}

}  // namespace

LoginAttempt::LoginAttempt(std::shared_ptr<LoginLimiter> limiter, std::string login, std::string address)
    : limiter_(std::move(limiter)), login_(std::move(login)), address_(std::move(address)) {}

LoginAttempt::LoginAttempt(LoginAttempt&& other) noexcept = default;

LoginAttempt& LoginAttempt::operator=(LoginAttempt&& other) noexcept {
  if (this == &other) return *this;
  if (limiter_) limiter_->settle(login_, address_, LoginLimiter::Outcome::unchecked);
  limiter_ = std::move(other.limiter_);
  login_ = std::move(other.login_);
  address_ = std::move(other.address_);
  return *this;
}

LoginAttempt::~LoginAttempt() {
  if (limiter_) limiter_->settle(login_, address_, LoginLimiter::Outcome::unchecked);
}

void LoginAttempt::failed() {
  if (limiter_) std::exchange(limiter_, nullptr)->settle(login_, address_, LoginLimiter::Outcome::failed);
}

void LoginAttempt::succeeded() {
  if (limiter_) std::exchange(limiter_, nullptr)->settle(login_, address_, LoginLimiter::Outcome::succeeded);
}

LoginLimiter::LoginLimiter(LoginLimits limits, std::function<Clock::time_point()> now)
    : limits_(limits), now_(std::move(now)) {}

Admission LoginLimiter::reserve(const std::string& login, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  if (auto wait = refusal(login, address, now)) return {std::nullopt, *wait};
  for (const auto& key : {login_key(login), address_key(address), pair_key(login, address)}) ++entry(key, now).pending;
  return {LoginAttempt(shared_from_this(), login, address), std::chrono::seconds{0}};
}

void LoginLimiter::settle(const std::string& login, const std::string& address, Outcome outcome) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  const std::array keys{login_key(login), address_key(address), pair_key(login, address)};
  for (const auto& key : keys) {
    // Entries with attempts pending are never forgotten to make room, so each is still there.
    if (auto it = entries_.find(key); it != entries_.end() && it->second.pending > 0) --it->second.pending;
  }
  if (outcome == Outcome::failed) {
    for (const auto& key : keys) record(key, now);
  } else if (outcome == Outcome::succeeded) {
    forget(keys[0]);
    forget(keys[2]);
  }
}

// The address's own limit holds for every login; the login's holds only for addresses that tried it.
std::optional<std::chrono::seconds> LoginLimiter::refusal(const std::string& login, const std::string& address,
                                                          Clock::time_point now) {
  if (auto wait = refused(address_key(address), now)) return wait;
  if (!tried(pair_key(login, address), now)) return std::nullopt;
  return refused(login_key(login), now);
}

std::optional<std::chrono::seconds> LoginLimiter::refused(const std::string& key, Clock::time_point now) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  auto& entry = it->second;
  // Rounded up, so a client that waits exactly Retry-After seconds is let in.
  if (entry.blocked_until && *entry.blocked_until > now)
    return std::chrono::ceil<std::chrono::seconds>(*entry.blocked_until - now);
  while (!entry.failures.empty() && entry.failures.front() <= now - limits_.window) entry.failures.pop_front();
  if (static_cast<int>(entry.failures.size()) + entry.pending >= limits_.max_failures) return kSettling;
  return std::nullopt;
}

bool LoginLimiter::tried(const std::string& key, Clock::time_point now) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  const auto& entry = it->second;
  const bool blocked = entry.blocked_until && *entry.blocked_until > now;
  const bool failed_lately = !entry.failures.empty() && entry.failures.back() > now - limits_.window;
  return entry.pending > 0 || blocked || failed_lately;
}

LoginLimiter::Entry& LoginLimiter::entry(const std::string& key, Clock::time_point now) {
  if (!entries_.contains(key)) make_room(now);
  auto& entry = entries_[key];
  entry.last_seen = now;
  return entry;
}

// The failures go, and the entry with them unless attempts are pending; a block in force stays.
void LoginLimiter::forget(const std::string& key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.failures.clear();
  if (it->second.pending == 0 && !it->second.blocked_until) entries_.erase(it);
}

void LoginLimiter::record(const std::string& key, Clock::time_point now) {
  auto& entry = this->entry(key, now);
  if (entry.blocked_until && *entry.blocked_until <= now) entry.blocked_until.reset();
  while (!entry.failures.empty() && entry.failures.front() <= now - limits_.window) entry.failures.pop_front();
  entry.failures.push_back(now);
  if (static_cast<int>(entry.failures.size()) >= limits_.max_failures) {
    entry.blocked_until = now + limits_.block;
    entry.failures.clear();
  }
}

// Forgets entries that no longer matter, then, if still full, the one seen longest ago, a block in
// force last; bounded so that a flood of made-up logins cannot grow the map without end nor wash out
// the blocks. Entries with attempts pending stay: there are never more of those than logins in flight.
void LoginLimiter::make_room(Clock::time_point now) {
  if (entries_.size() < limits_.max_tracked) return;
  const auto blocking = [now](const Entry& entry) { return entry.blocked_until && *entry.blocked_until > now; };
  std::erase_if(entries_, [&](const auto& item) {
    const auto& entry = item.second;
    return entry.pending == 0 && !blocking(entry) && entry.last_seen <= now - limits_.window;
  });
  if (entries_.size() < limits_.max_tracked) return;
  auto oldest = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.pending > 0) continue;
    const auto rank = std::pair(blocking(it->second), it->second.last_seen);
    if (oldest == entries_.end() || rank < std::pair(blocking(oldest->second), oldest->second.last_seen)) oldest = it;
  }
  if (oldest != entries_.end()) entries_.erase(oldest);
}

}  // namespace buurtbot::auth
